using Dtaas.Grains.Interfaces.Node;
using Dtaas.Grains.Ports;

namespace Dtaas.Grains.Tests.Fakes;

/// <summary>The changes a test says the node's watcher saw, told to whoever listens.</summary>
public sealed class ScriptedObjectChanges : IObjectChanges
{
    private event Action<ObjectChange>? Changed;

    public IDisposable Listen(Action<ObjectChange> onChange)
    {
        Changed += onChange;
        return new Listening(() => Changed -= onChange);
    }

    public void Raise(ObjectChange change) => Changed?.Invoke(change);

    private sealed class Listening(Action stop) : IDisposable
    {
        public void Dispose() => stop();
    }
}
