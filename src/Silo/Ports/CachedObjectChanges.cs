using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Node;
using Dtaas.Grains.Ports;
using Dtaas.Kubernetes.Controllers;

namespace Dtaas.Silo.Ports;

/// <summary>
/// The silo's <see cref="IObjectChanges"/>: the changes to the informer caches of the seven dt kinds. The caches take
/// the watch's events and DTaaS's own writes and drop a version they already hold, so each change is heard once.
/// </summary>
public sealed class CachedObjectChanges(ObjectCaches caches) : IObjectChanges
{
    public IDisposable Listen(Action<ObjectChange> onChange) => new Listening(
    [
        On<DtDomain>(onChange), On<DtPeer>(onChange), On<DtApp>(onChange), On<DtService>(onChange),
        On<DtServable>(onChange), On<DtUser>(onChange), On<DtTrust>(onChange),
    ]);

    private Action On<T>(Action<ObjectChange> onChange) where T : class, IKubernetesResource<T>
    {
        var cache = caches.For<T>();
        void Handler(WatchEventType type, string key, T? obj) => onChange(new ObjectChange(T.ResourceKind.Plural, key, type.ToString(), obj));
        cache.Changed += Handler;
        return () => cache.Changed -= Handler;
    }

    private sealed class Listening(IReadOnlyList<Action> stops) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                foreach (var stop in stops)
                {
                    stop();
                }
            }
        }
    }
}
