using Orleans;

namespace Dtaas.Grains.Interfaces.Node;

/// <summary>
/// What an SDK program implements to hear of every change to the node's dt objects (<see cref="INodeGrain.Subscribe"/>).
/// Calls to it are one-way: a slow or failing observer delays and fails nothing on the node.
/// </summary>
[Alias("dtaas.ObjectObserver")]
public interface IObjectObserver : IGrainObserver
{
    [Alias("OnChanged")]
    void OnChanged(ObjectChange change);
}
