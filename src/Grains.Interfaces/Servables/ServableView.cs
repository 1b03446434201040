using Dtaas.Grains.Interfaces.Objects;
using Orleans;

namespace Dtaas.Grains.Interfaces.Servables;

/// <summary>
/// A servable as one caller may see it. With DISCOVER only: <see cref="Id"/>, <see cref="Type"/> and
/// <see cref="Capabilities"/>; with any other capability also its name and node; with READ everything.
/// </summary>
[GenerateSerializer, Immutable, Alias("dtaas.ServableView")]
public sealed record ServableView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Type,
    [property: Id(2)] Capability Capabilities,
    [property: Id(3)] string? Name = null,
    [property: Id(4)] string? Node = null,
    [property: Id(5)] ServableDetails? Details = null);
