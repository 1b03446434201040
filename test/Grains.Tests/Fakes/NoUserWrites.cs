using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Ports;

namespace Dtaas.Grains.Tests.Fakes;

/// <summary>For grain tests that make no user writes: any write through a grain's Apply or Delete is a failed test.</summary>
public sealed class NoUserWrites : IObjectWriter
{
    public Task<ObjectWrite<T>> CreateAsync<T>(T obj, CancellationToken cancellationToken) where T : KubernetesResource<T>, IKubernetesResource<T>, new() =>
        throw Unexpected<T>();

    public Task<ObjectWrite<T>> UpdateAsync<T>(T obj, CancellationToken cancellationToken) where T : KubernetesResource<T>, IKubernetesResource<T>, new() =>
        throw Unexpected<T>();

    public Task<ObjectWrite<T>> DeleteAsync<T>(ObjectKey key, CancellationToken cancellationToken) where T : KubernetesResource<T>, IKubernetesResource<T>, new() =>
        throw Unexpected<T>();

    private static InvalidOperationException Unexpected<T>() where T : class, IKubernetesResource<T> =>
        new($"this test makes no user writes, yet a {T.ResourceKind.Kind} was written through its grain");
}
