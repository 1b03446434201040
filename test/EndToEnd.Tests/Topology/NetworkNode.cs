using System.Net;

namespace Dtaas.EndToEnd.Tests.Topology;

/// <summary>One node of a <see cref="NodeNetwork"/>: its network namespace and its address on the shared bridge.</summary>
public sealed record NetworkNode(int Index, string Netns, IPAddress Address);
