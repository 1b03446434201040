using Orleans;

namespace Dtaas.Grains.Interfaces.Federation;

/// <summary>The creator's answer to a <see cref="StandingQuery"/>, sealed so only the asker reads it and nobody forges it.</summary>
/// <param name="DomainExists">False when the creator has no such domain: it was dissolved (or is being).</param>
/// <param name="Member">Whether the asking node is in the domain's member list.</param>
[GenerateSerializer, Immutable, Alias("dtaas.StandingReply")]
public sealed record StandingReply([property: Id(0)] bool DomainExists, [property: Id(1)] bool Member);
