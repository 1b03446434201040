namespace Dtaas.EndToEnd.Tests.Topology;

/// <summary>How one node's silo differs from the others: more options, and environment variables (<c>NAME=value</c>).</summary>
public sealed record SiloVariant(IReadOnlyList<string> Arguments, IReadOnlyList<string> Environment)
{
    public static readonly SiloVariant Default = new([], []);
}
