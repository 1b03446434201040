using System.Globalization;

namespace Dtaas.Grains.Domains;

/// <summary>
/// Limits on a domain's invite token, set by the user as annotations on the creator's dtDomain:
/// <c>kubectl annotate dtdomain mydomain sid.sightlineinnovation.com/invite-expires-at=2027-01-01T00:00:00Z</c> and
/// <c>sid.sightlineinnovation.com/invite-max-uses=3</c>. Without them a token works until it is rotated.
/// </summary>
public sealed record InvitePolicy(DateTimeOffset? ExpiresAt, int? MaxUses)
{
    public const string ExpiresAtAnnotation = "sid.sightlineinnovation.com/invite-expires-at";
    public const string MaxUsesAnnotation = "sid.sightlineinnovation.com/invite-max-uses";

    public static InvitePolicy None { get; } = new(null, null);

    /// <summary>Reads the annotations; a value that does not parse is an error naming the annotation, never ignored.</summary>
    public static InvitePolicy FromAnnotations(IReadOnlyDictionary<string, string>? annotations, out string? error)
    {
        error = null;
        DateTimeOffset? expires = null;
        int? uses = null;
        if (annotations?.TryGetValue(ExpiresAtAnnotation, out var at) == true)
        {
            if (DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                expires = parsed;
            }
            else
            {
                error = $"annotation {ExpiresAtAnnotation} '{at}' is not a time (use RFC 3339, e.g. 2027-01-01T00:00:00Z)";
            }
        }
        if (annotations?.TryGetValue(MaxUsesAnnotation, out var max) == true)
        {
            if (int.TryParse(max, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0)
            {
                uses = parsed;
            }
            else
            {
                error = $"annotation {MaxUsesAnnotation} '{max}' is not a positive whole number";
            }
        }
        return new InvitePolicy(expires, uses);
    }

    /// <summary>Why a join must be refused under this policy now, or null.</summary>
    public string? Refusal(int usesSoFar, DateTimeOffset now) =>
        ExpiresAt is { } at && now >= at ? $"the invite token expired at {at:u}; ask the domain's creator for a new one"
        : MaxUses is { } max && usesSoFar >= max ? $"the invite token is used up ({usesSoFar} of {max} joins); ask the domain's creator for a new one"
        : null;
}
