using Dtaas.Grains.Interfaces.Objects;
using Orleans;

namespace Dtaas.Grains.Interfaces.Trusts;

/// <summary>
/// One thing a user does to a trust, wherever its home is: the user's node finds the home and hands this on (to the
/// local <see cref="IDtTrustGrain"/>, or to the home node over the federation, which applies it to its own).
/// </summary>
[GenerateSerializer, Immutable, Alias("dtaas.TrustChange")]
public abstract record TrustChange
{
    /// <summary>Applies the change to the trust's grain on its home node.</summary>
    public abstract Task<TrustAnswer> ApplyTo(IDtTrustGrain trust, VerifiedPrincipal caller, CancellationToken cancellationToken);

    [GenerateSerializer, Immutable, Alias("dtaas.TrustChange.View")]
    public sealed record View : TrustChange
    {
        public override Task<TrustAnswer> ApplyTo(IDtTrustGrain trust, VerifiedPrincipal caller, CancellationToken cancellationToken) =>
            trust.View(caller, cancellationToken);
    }

    [GenerateSerializer, Immutable, Alias("dtaas.TrustChange.Delete")]
    public sealed record Delete : TrustChange
    {
        public override Task<TrustAnswer> ApplyTo(IDtTrustGrain trust, VerifiedPrincipal caller, CancellationToken cancellationToken) =>
            trust.Delete(caller, cancellationToken);
    }

    [GenerateSerializer, Immutable, Alias("dtaas.TrustChange.AddMember")]
    public sealed record AddMember([property: Id(0)] Principal Principal, [property: Id(1)] bool Trustee) : TrustChange
    {
        public override Task<TrustAnswer> ApplyTo(IDtTrustGrain trust, VerifiedPrincipal caller, CancellationToken cancellationToken) =>
            trust.AddMember(caller, Principal, Trustee, cancellationToken);
    }

    [GenerateSerializer, Immutable, Alias("dtaas.TrustChange.RemoveMember")]
    public sealed record RemoveMember([property: Id(0)] Principal Principal) : TrustChange
    {
        public override Task<TrustAnswer> ApplyTo(IDtTrustGrain trust, VerifiedPrincipal caller, CancellationToken cancellationToken) =>
            trust.RemoveMember(caller, Principal, cancellationToken);
    }

    /// <summary>Links object <paramref name="ObjectId"/> of node <paramref name="Node"/> (a node name), giving <paramref name="Capabilities"/> on it.</summary>
    [GenerateSerializer, Immutable, Alias("dtaas.TrustChange.LinkObject")]
    public sealed record LinkObject([property: Id(0)] string Node, [property: Id(1)] string ObjectId, [property: Id(2)] Capability Capabilities) : TrustChange
    {
        public override Task<TrustAnswer> ApplyTo(IDtTrustGrain trust, VerifiedPrincipal caller, CancellationToken cancellationToken) =>
            trust.LinkObject(caller, Node, ObjectId, Capabilities, cancellationToken);
    }

    [GenerateSerializer, Immutable, Alias("dtaas.TrustChange.UnlinkObject")]
    public sealed record UnlinkObject([property: Id(0)] string ObjectId) : TrustChange
    {
        public override Task<TrustAnswer> ApplyTo(IDtTrustGrain trust, VerifiedPrincipal caller, CancellationToken cancellationToken) =>
            trust.UnlinkObject(caller, ObjectId, cancellationToken);
    }
}
