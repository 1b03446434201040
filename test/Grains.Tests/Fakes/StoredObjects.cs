using Dtaas.Grains.Interfaces;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Dtaas.Grains.Tests.Fakes;

/// <summary>
/// The objects of a <see cref="GrainTestSilo"/> as kubectl would see and change them: the grains' "object" state in
/// Orleans' in-memory storage, which stands in for the Kubernetes store.
/// </summary>
public sealed class StoredObjects(InProcessTestCluster cluster)
{
    private const string StateName = "object";

    private IGrainStorage Store => cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(StorageNames.Kubernetes);

    /// <summary>The object <paramref name="grain"/> keeps, or null when there is none.</summary>
    public async Task<T?> GetAsync<T>(IAddressable grain) where T : class
    {
        var held = await ReadAsync<T>(grain);
        return held.RecordExists ? held.State : null;
    }

    /// <summary>Creates or replaces the object <paramref name="grain"/> keeps, as a user's <c>kubectl apply</c> does.</summary>
    public async Task PutAsync<T>(IAddressable grain, T value) where T : class
    {
        var held = await ReadAsync<T>(grain);
        held.State = value;
        await Store.WriteStateAsync(StateName, grain.GetGrainId(), held, default);
    }

    private async Task<Held<T>> ReadAsync<T>(IAddressable grain)
    {
        var held = new Held<T>();
        await Store.ReadStateAsync(StateName, grain.GetGrainId(), held, default);
        return held;
    }

    private sealed class Held<T> : IGrainState<T>
    {
        [System.Diagnostics.CodeAnalysis.AllowNull]
        public T State { get; set; } = default!;

        public string? ETag { get; set; }

        public bool RecordExists { get; set; }
    }
}
