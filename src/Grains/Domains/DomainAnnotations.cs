using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dtaas.Grains.Interfaces;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Services;
using Dtaas.Grains.Objects;

namespace Dtaas.Grains.Domains;

/// <summary>
/// What DTaaS keeps on a dtDomain beyond the seed's fields. The CRD takes no extra top-level fields (users' manifests
/// and kubectl output keep the seed's shape), so the member list and counters live in annotations, and a finalizer
/// gives the node the chance to leave or dissolve the domain before the object goes.
/// </summary>
public static class DomainAnnotations
{
    /// <summary>The member list (JSON), on the creator and on every member.</summary>
    public const string MemberList = "sid.sightlineinnovation.com/membership";

    /// <summary>How many nodes joined with the current invite token (creator).</summary>
    public const string InviteUses = "sid.sightlineinnovation.com/invite-uses";

    /// <summary>Set by the user to get a new invite token; the old one stops working at once (creator).</summary>
    public const string RotateInviteToken = "sid.sightlineinnovation.com/rotate-invite-token";

    /// <summary>Fingerprint of the <c>spec.peer</c> the creator refused, so the same refused join is not sent again (member).</summary>
    public const string JoinRefused = "sid.sightlineinnovation.com/join-refused";

    /// <summary>The registry of the domain's dtService networks (JSON list), on the creator.</summary>
    public const string Networks = "sid.sightlineinnovation.com/networks";

    public const string Finalizer = "sid.sightlineinnovation.com/federation";

    /// <summary>The member list; null when absent or edited by hand into something else (the creator's next push restores it).</summary>
    public static MemberList? ReadMemberList(DtDomain domain) => JsonAnnotation.Read(domain.Metadata, MemberList, GrainsJsonContext.Default.MemberList);

    /// <summary>The networks; none when edited by hand into something else (networks are claimed again by their nodes).</summary>
    public static IReadOnlyList<ServiceNetwork> ReadNetworks(DtDomain domain) =>
        JsonAnnotation.Read(domain.Metadata, Networks, GrainsJsonContext.Default.IReadOnlyListServiceNetwork) ?? [];

    public static string WriteNetworks(IReadOnlyList<ServiceNetwork> networks) =>
        JsonSerializer.Serialize(networks, GrainsJsonContext.Default.IReadOnlyListServiceNetwork);

    public static int ReadUses(DtDomain domain) =>
        domain.Metadata.Annotations?.TryGetValue(InviteUses, out var text) == true &&
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var uses) ? uses : 0;

    public static bool RotationRequested(DtDomain domain) => domain.Metadata.Annotations?.ContainsKey(RotateInviteToken) == true;

    /// <summary>Identifies one <c>spec.peer</c> (address and token) without keeping the token's secret in clear.</summary>
    public static string Fingerprint(DtDomainPeer peer) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{peer.Address?.Trim()}\n{peer.InviteToken?.Trim()}")))[..16];

    public static bool RefusedBefore(DtDomain domain, DtDomainPeer peer) =>
        domain.Metadata.Annotations?.TryGetValue(JoinRefused, out var refused) == true && refused == Fingerprint(peer);

    /// <summary>The object with these annotations set (a null value removes one); the rest of the metadata is kept.</summary>
    public static DtDomain With(DtDomain domain, params (string Key, string? Value)[] changes) =>
        domain with { Metadata = domain.Metadata.WithAnnotations(changes) };

    public static string Write(MemberList memberList) => JsonSerializer.Serialize(memberList, GrainsJsonContext.Default.MemberList);

    public static DtDomain WithFinalizer(DtDomain domain, bool present) =>
        domain with { Metadata = domain.Metadata.WithFinalizer(Finalizer, present) };

    public static bool HasFinalizer(DtDomain domain) => domain.Metadata.HasFinalizer(Finalizer);
}
