using Dtaas.Grains.Interfaces.Objects;

namespace Dtaas.Silo.WebConsole;

/// <summary>
/// Who a console session is: a <c>/v1</c> <see cref="User"/>, who sees what its capabilities allow (its servables and
/// trusts), or the node admin (no user), who sees the node-level views (domains, peers, apps, networks, events).
/// </summary>
public sealed record ConsoleCaller(VerifiedPrincipal? User)
{
    public static ConsoleCaller NodeAdmin { get; } = new((VerifiedPrincipal?)null);

    public bool Admin => User is null;

    /// <summary>How the page names the session.</summary>
    public string Name => User?.Principal.ToString() ?? "node admin";
}
