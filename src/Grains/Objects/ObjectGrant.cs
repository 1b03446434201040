using Dtaas.Grains.Interfaces.Objects;

namespace Dtaas.Grains.Objects;

/// <summary>Capabilities given directly to <paramref name="Principal"/> on one object (an entry of <c>dtServable.grants</c>).</summary>
public sealed record ObjectGrant(Principal Principal, Capability Capabilities);
