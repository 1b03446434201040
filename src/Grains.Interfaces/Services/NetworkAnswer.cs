using Orleans;

namespace Dtaas.Grains.Interfaces.Services;

/// <summary>The registry's answer: the network with the asking node on it, or why not.</summary>
[GenerateSerializer, Immutable, Alias("dtaas.NetworkAnswer")]
public sealed record NetworkAnswer([property: Id(0)] ServiceNetwork? Network, [property: Id(1)] string? Refusal)
{
    public static NetworkAnswer Refused(string reason) => new(null, reason);
}
