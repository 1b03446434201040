using Dtaas.Grains.Interfaces.Servables;
using Orleans;

namespace Dtaas.Grains.Interfaces.Trusts;

/// <summary>How a call on a trust ended: the trust as it is now (none once deleted), or why not (the servables' outcomes).</summary>
[GenerateSerializer, Immutable, Alias("dtaas.TrustAnswer")]
public sealed record TrustAnswer([property: Id(0)] ServableOutcome Outcome, [property: Id(1)] string? Error, [property: Id(2)] TrustView? Trust)
{
    public static TrustAnswer Done(TrustView? trust) => new(ServableOutcome.Done, null, trust);

    public static TrustAnswer Refused(ServableOutcome outcome, string error) => new(outcome, error, null);
}
