using Dtaas.Grains.Interfaces;
using Dtaas.Grains.Interfaces.Domains;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Node;
using Dtaas.Grains.Ports;
using Dtaas.Runtime;
using Microsoft.Extensions.Logging;

namespace Dtaas.Grains.Domains;

/// <summary>A dtDomain: its state is the object; each reconcile writes back what <see cref="DomainReconciler"/> decides.</summary>
public sealed class DtDomainGrain(
    NodeDescription node,
    IEventRecorder events,
    ILogger<DtDomainGrain> logger,
    [PersistentState("object", StorageNames.Kubernetes)] IPersistentState<DtDomain> domain) : Grain, IDtDomainGrain
{
    private readonly Bytes32 _publicKey = Bytes32.FromBytes(Convert.FromBase64String(node.PublicKey));

    public async Task Reconcile(CancellationToken cancellationToken)
    {
        await domain.ReadStateAsync(cancellationToken);
        if (!domain.RecordExists)
        {
            DeactivateOnIdle();
            return;
        }
        var desired = DomainReconciler.Desired(domain.State, node, uid => InviteToken.Issue(uid, node.Id, _publicKey));
        if (desired == domain.State)
        {
            return;
        }
        bool newToken = desired.InviteToken is not null && desired.InviteToken != domain.State.InviteToken;
        bool newProblem = desired.Status == DtDomainStatus.Failed && desired.Message != domain.State.Message;
        domain.State = desired;
        await domain.WriteStateAsync(cancellationToken);
        logger.LogInformation("dtDomain {Domain}: {Status}{Token}{Message}", GetPrimaryKeyString(), desired.Status,
            newToken ? ", invite token issued" : "", desired.Message is null ? "" : $": {desired.Message}");
        if (newToken)
        {
            await events.RecordAsync(desired, EventKind.Normal, "InviteTokenIssued", "Issued an invite token for this domain; other nodes join with it.", cancellationToken);
        }
        if (newProblem)
        {
            await events.RecordAsync(desired, EventKind.Warning, "JoinRefused", desired.Message!, cancellationToken);
        }
    }
}
