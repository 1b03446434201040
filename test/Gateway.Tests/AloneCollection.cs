namespace Dtaas.Gateway.Tests;

/// <summary>
/// Tests that measure this process's managed heap run with no other test class beside them: the other classes' live
/// data (files, topologies) would count as the gateway's.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "alone";
}
