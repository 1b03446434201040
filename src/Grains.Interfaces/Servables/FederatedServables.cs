using Orleans;

namespace Dtaas.Grains.Interfaces.Servables;

/// <summary>A list across the domain: what every member that answered showed the caller, and the names of those that did not.</summary>
[GenerateSerializer, Immutable, Alias("dtaas.FederatedServables")]
public sealed record FederatedServables([property: Id(0)] IReadOnlyList<ServableView> Items, [property: Id(1)] IReadOnlyList<string> Unreachable);
