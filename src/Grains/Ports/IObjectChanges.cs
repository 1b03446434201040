using Dtaas.Grains.Interfaces.Node;

namespace Dtaas.Grains.Ports;

/// <summary>
/// Every change to the node's objects of the seven dt kinds as this silo sees them (the informer caches, which every
/// silo of the node keeps): each change once, an object's changes in order.
/// </summary>
public interface IObjectChanges
{
    /// <summary>
    /// Calls <paramref name="onChange"/> with each change from now on until the answer is disposed. It is called from
    /// the thread that made the change, so it must be thread-safe, quick and not throw.
    /// </summary>
    IDisposable Listen(Action<ObjectChange> onChange);
}
