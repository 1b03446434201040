namespace Dtaas.WireGuard.Tests.Devices;

/// <summary>Tests that build namespaces and WireGuard interfaces run one class at a time, never beside each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NetworkCollection
{
    public const string Name = "network namespaces";
}
