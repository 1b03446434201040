using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Objects;
using Orleans;

namespace Dtaas.Grains.Interfaces.Servables;

/// <summary>One use of a servable; each names the capability it needs.</summary>
[GenerateSerializer, Immutable, Alias("dtaas.ServableAction")]
public abstract record ServableAction
{
    public abstract Capability Needs { get; }

    /// <summary>Everything about it (READ).</summary>
    [GenerateSerializer, Immutable, Alias("dtaas.ServableAction.Read")]
    public sealed record Read : ServableAction
    {
        public override Capability Needs => Capability.Read;
    }

    /// <summary>Changes what is given; null leaves a field as it is (UPDATE).</summary>
    [GenerateSerializer, Immutable, Alias("dtaas.ServableAction.Update")]
    public sealed record Update([property: Id(0)] string? Description, [property: Id(1)] IReadOnlyList<string>? Tags,
        [property: Id(2)] DtAppServiceSelector? ServiceSelector) : ServableAction
    {
        public override Capability Needs => Capability.Update;
    }

    /// <summary>Removes the object (DELETE).</summary>
    [GenerateSerializer, Immutable, Alias("dtaas.ServableAction.Delete")]
    public sealed record Delete : ServableAction
    {
        public override Capability Needs => Capability.Delete;
    }

    /// <summary>Adds <paramref name="Capabilities"/> to what is granted directly to <paramref name="To"/> (MANAGE, and only what the caller holds).</summary>
    [GenerateSerializer, Immutable, Alias("dtaas.ServableAction.Grant")]
    public sealed record Grant([property: Id(0)] Principal To, [property: Id(1)] Capability Capabilities) : ServableAction
    {
        public override Capability Needs => Capability.Manage;
    }

    /// <summary>Removes the direct grant to <paramref name="From"/> (MANAGE).</summary>
    [GenerateSerializer, Immutable, Alias("dtaas.ServableAction.Revoke")]
    public sealed record Revoke([property: Id(0)] Principal From) : ServableAction
    {
        public override Capability Needs => Capability.Manage;
    }

    /// <summary>
    /// Links the object into trust <paramref name="TrustId"/> of node <paramref name="HomeNodeId"/>, which then gives its
    /// members <paramref name="Capabilities"/> on it (MANAGE, and only what the caller holds, as for a grant).
    /// </summary>
    [GenerateSerializer, Immutable, Alias("dtaas.ServableAction.Link")]
    public sealed record Link([property: Id(0)] string TrustId, [property: Id(1)] string HomeNodeId, [property: Id(2)] Capability Capabilities) : ServableAction
    {
        public override Capability Needs => Capability.Manage;
    }

    /// <summary>Sends HTTP requests to it through a gateway (REQUEST): answered with the servable as the caller may see it.</summary>
    [GenerateSerializer, Immutable, Alias("dtaas.ServableAction.Request")]
    public sealed record Request : ServableAction
    {
        public override Capability Needs => Capability.Request;
    }
}
