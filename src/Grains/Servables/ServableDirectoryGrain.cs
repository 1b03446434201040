using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Servables;
using Dtaas.Grains.Node;
using Dtaas.Grains.Objects;
using Dtaas.Grains.Ports;
using Orleans;
using Orleans.Concurrency;

namespace Dtaas.Grains.Servables;

/// <summary>
/// Finds this node's servables in the caches: a list decides on each one here (the object's node), a use goes to the
/// object's own grain, which decides again on the object as it is then. Stateless: any silo answers, many at once.
/// </summary>
[StatelessWorker]
public sealed class ServableDirectoryGrain(NodeDescription node, ILocalObjects objects) : Grain, IServableDirectoryGrain
{
    private string Namespace => this.GetPrimaryKeyString();

    public Task<IReadOnlyList<ServableView>> List(VerifiedPrincipal caller, string type, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ServableView>>([.. objects.Servables()
            .Where(s => s.Metadata.Namespace == Namespace && s.Spec?.Type == type && ServableObjects.IsListed(s))
            .Select(s => (Servable: s, Held: CapabilityDecision.Held(ServableObjects.Access(s, node.Name), caller.Principal)))
            .Where(s => s.Held != Capability.None)
            .OrderBy(s => s.Servable.Metadata.Name, StringComparer.Ordinal)
            .Select(s => ServableObjects.View(s.Servable, node.Name, s.Held, brief: true))]);

    public Task<ServableAnswer> Act(VerifiedPrincipal caller, string? type, string id, ServableAction action, CancellationToken cancellationToken)
    {
        var found = objects.Servables().FirstOrDefault(s => s.Metadata.Namespace == Namespace && s.Id == id && ServableObjects.IsListed(s)
            && (type is null || s.Spec?.Type == type));
        return found is null
            ? Task.FromResult(ServableAnswer.Refused(ServableOutcome.Hidden, $"no {type ?? "object"} with id {id}"))
            : GrainFactory.GetGrain<IDtServableGrain>($"{Namespace}/{found.Metadata.Name}").Act(caller, action, cancellationToken);
    }
}
