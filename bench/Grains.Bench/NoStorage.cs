using Orleans.Runtime;
using Orleans.Storage;

namespace Dtaas.Grains.Bench;

/// <summary>The bench grains keep no state; the node silo still needs its storage provider.</summary>
internal sealed class NoStorage : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => throw new NotSupportedException();
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => throw new NotSupportedException();
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => throw new NotSupportedException();
}
