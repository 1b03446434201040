using Dtaas.Grains.Interfaces.Models;
using Orleans;

namespace Dtaas.Grains.Interfaces.Servables;

/// <summary>What READ adds to a <see cref="ServableView"/>; <see cref="Grants"/> are the object's own (<c>dtServable.grants</c>).</summary>
[GenerateSerializer, Immutable, Alias("dtaas.ServableDetails")]
public sealed record ServableDetails(
    [property: Id(0)] string? Owner,
    [property: Id(1)] string? Uri,
    [property: Id(2)] string? Status,
    [property: Id(3)] string? Message,
    [property: Id(4)] string? Description,
    [property: Id(5)] IReadOnlyList<string> Tags,
    [property: Id(6)] DtAppServiceSelector? ServiceSelector,
    [property: Id(7)] IReadOnlyList<DtServableGrant> Grants);
