namespace Dtaas.Silo.WebConsole;

/// <summary>What every user of this node sees alike: the node's own view of its domains, apps, networks and events.</summary>
public sealed record NodeSnapshot(
    string Node,
    string NodeId,
    IReadOnlyList<DomainGraph> Domains,
    IReadOnlyList<AppRow> Apps,
    IReadOnlyList<NetworkRow> Networks,
    IReadOnlyList<EventRow> Events);

/// <summary>One domain as this node sees it: its members as vertices, an edge from this node to each dtPeer.</summary>
public sealed record DomainGraph(string Name, string? Status, string? Message, IReadOnlyList<DomainVertex> Nodes, IReadOnlyList<DomainEdge> Edges);

public sealed record DomainVertex(string Id, string Name, string? Address, bool Self, bool Creator);

public sealed record DomainEdge(string From, string To, bool Connected, string? Latency);

public sealed record AppRow(string Name, string? Uri, string Origin, string? AuthenticationType, string? Status, string? Message);

public sealed record NetworkRow(string Name, string? Domain, string? Pod, string? Status, string? Message, string Server, IReadOnlyList<NetworkPod> Pods);

public sealed record NetworkPod(string Address, string? Node, string? Pod, bool Server);

public sealed record EventRow(DateTimeOffset? Time, string? Type, string? Reason, string Object, string? Message, int Count);

/// <summary>What the signed-in user sees: its servables across the domains and its trusts (both through the /v1 grains).</summary>
public sealed record UserSnapshot(string User, IReadOnlyList<ServableRow> Servables, IReadOnlyList<Dtaas.Grains.Interfaces.Trusts.TrustView> Trusts,
    IReadOnlyList<string> Unreachable);

public sealed record ServableRow(string Id, string Type, string? Name, string? Node, string? Uri, IReadOnlyList<string> Capabilities);

/// <summary>The signed-in user and the token its writes carry in <see cref="ConsoleSession.CsrfHeader"/>.</summary>
public sealed record SessionBody(string User, string Node, string Csrf);

public sealed record ConsoleLogin(string? Username, string? Password);

public sealed record ConsoleMember(string? Principal, string? Role);

public sealed record ConsoleLink(string? Node, string? Id, IReadOnlyList<string>? Capabilities);
