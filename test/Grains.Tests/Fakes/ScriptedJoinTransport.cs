using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Ports;

namespace Dtaas.Grains.Tests.Fakes;

/// <summary>A join transport that answers with <see cref="Answer"/> and counts the joins sent.</summary>
public sealed class ScriptedJoinTransport : IJoinTransport
{
    public Func<JoinRequest, JoinResult> Answer { get; set; } = _ => JoinResult.Unreachable("not scripted");

    public List<(string Address, JoinRequest Request)> Sent { get; } = [];

    public Task<JoinResult> JoinAsync(string address, InviteToken token, JoinRequest request, CancellationToken cancellationToken)
    {
        lock (Sent)
        {
            Sent.Add((address, request));
        }
        return Task.FromResult(Answer(request));
    }

    public Task<StandingReply?> CheckStandingAsync(string address, Guid domainUid, string creatorPublicKey, string nodeId, CancellationToken cancellationToken) =>
        Task.FromResult<StandingReply?>(null);
}
