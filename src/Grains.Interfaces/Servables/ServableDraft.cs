using Dtaas.Grains.Interfaces.Models;
using Orleans;

namespace Dtaas.Grains.Interfaces.Servables;

/// <summary>A servable to create: its kind (one of <see cref="DtServableType"/>), object name and spec fields.</summary>
[GenerateSerializer, Immutable, Alias("dtaas.ServableDraft")]
public sealed record ServableDraft([property: Id(0)] string Type, [property: Id(1)] string Name, [property: Id(2)] DtAppServiceSelector? ServiceSelector,
    [property: Id(3)] string? Description, [property: Id(4)] IReadOnlyList<string>? Tags);
