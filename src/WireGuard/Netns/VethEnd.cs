namespace Dtaas.WireGuard.Netns;

/// <summary>One end of a veth pair: its name, the namespace it lives in (null: the process's own) and its address.</summary>
public sealed record VethEnd(string Name, string? Netns, InterfaceAddress Address);
