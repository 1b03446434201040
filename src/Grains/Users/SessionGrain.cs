using System.Security.Cryptography;
using System.Text;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Users;
using Dtaas.Grains.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Concurrency;

namespace Dtaas.Grains.Users;

/// <summary>
/// The node's login tokens: 32 random bytes (base64url) handed out once; only their SHA-256 is kept, in memory, so a
/// token is good only here and only until it expires or the silo holding this grain stops. Reentrant: checking a token
/// must not wait behind a login that is reading a Secret.
/// </summary>
[Reentrant]
public sealed class SessionGrain(
    ILocalObjects objects,
    SessionSettings settings,
    [FromKeyedServices(GrainClock.Key)] TimeProvider clock,
    ILogger<SessionGrain> logger) : Grain, ISessionGrain
{
    private readonly Dictionary<string, Session> _sessions = new(StringComparer.Ordinal);

    private string Namespace => this.GetPrimaryKeyString();

    public async Task<IssuedToken?> Login(string username, string password, CancellationToken cancellationToken)
    {
        if (!ObjectNames.IsValid(username))
        {
            return null; // not a dtUser name at all
        }
        var user = await GrainFactory.GetGrain<IDtUserGrain>($"{Namespace}/{username}").Verify(password, cancellationToken);
        if (user is null)
        {
            logger.LogInformation("Login to {Namespace}/{Username} refused: unknown user or wrong password", Namespace, username);
            return null;
        }
        var now = clock.GetUtcNow();
        Purge(now);
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        _sessions[Hash(token)] = new Session(user, now + settings.TokenLifetime);
        // Keep the tokens as long as one may be used: an idle grain would otherwise be collected with them.
        DelayDeactivation(settings.TokenLifetime);
        logger.LogInformation("dtUser {Namespace}/{Username} logged in as {Principal}; token expires in {Lifetime}", Namespace, username, user.Principal,
            settings.TokenLifetime);
        return new IssuedToken(token, settings.TokenLifetime, user);
    }

    public Task<VerifiedPrincipal?> Resolve(string token, CancellationToken cancellationToken)
    {
        if (!_sessions.TryGetValue(Hash(token), out var session) || session.ExpiresAt <= clock.GetUtcNow() || !StillReady(session.User))
        {
            return Task.FromResult<VerifiedPrincipal?>(null);
        }
        return Task.FromResult<VerifiedPrincipal?>(session.User);
    }

    /// <summary>A token dies with its user: deleted, failed, or made anew under the same name (a new id).</summary>
    private bool StillReady(VerifiedPrincipal user) =>
        objects.Users().Any(u => u.Metadata.Namespace == Namespace && u.Metadata.Name == user.Principal.Username && u.Spec is not null
            && u.Status == DtUserStatus.Ready && u.Id == user.Id.UserId);

    private void Purge(DateTimeOffset now)
    {
        foreach (var expired in _sessions.Where(s => s.Value.ExpiresAt <= now).Select(s => s.Key).ToList())
        {
            _sessions.Remove(expired);
        }
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed record Session(VerifiedPrincipal User, DateTimeOffset ExpiresAt);
}
