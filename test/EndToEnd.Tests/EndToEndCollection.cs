namespace Dtaas.EndToEnd.Tests;

/// <summary>End-to-end classes run one after another: each starts real processes on a 2-core machine. They share the packaged SDK console.</summary>
[CollectionDefinition(nameof(EndToEndCollection), DisableParallelization = true)]
public sealed class EndToEndCollection : ICollectionFixture<PackagedSdk>;
