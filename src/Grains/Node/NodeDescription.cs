namespace Dtaas.Grains.Node;

/// <summary>What the silo tells its grains about the node they run on.</summary>
public sealed record NodeDescription(string Id, string Name, DateTimeOffset StartedAt);
