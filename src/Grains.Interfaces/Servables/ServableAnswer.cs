using Orleans;

namespace Dtaas.Grains.Interfaces.Servables;

/// <summary>How a use of a servable ended: <see cref="Servable"/> as the caller may now see it, or why not.</summary>
[GenerateSerializer, Immutable, Alias("dtaas.ServableAnswer")]
public sealed record ServableAnswer([property: Id(0)] ServableOutcome Outcome, [property: Id(1)] string? Error, [property: Id(2)] ServableView? Servable)
{
    public static ServableAnswer Done(ServableView? servable) => new(ServableOutcome.Done, null, servable);

    public static ServableAnswer Refused(ServableOutcome outcome, string error) => new(outcome, error, null);
}
