using Dtaas.Grains.Interfaces.Federation;

namespace Dtaas.Grains.Domains;

/// <summary>The outcome of a join: the new list and the joiner's entry, or the reason it was refused.</summary>
public sealed record AdmitResult(MemberList? MemberList, DomainMember? Member, bool CountsAsUse, string? Reason)
{
    public bool Admitted => Reason is null;

    public static AdmitResult Refuse(string reason) => new(null, null, false, reason);
}
