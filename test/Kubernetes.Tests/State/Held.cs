using Orleans;

namespace Dtaas.Kubernetes.Tests.State;

/// <summary>What a grain's persistent state holds between reads and writes, for calling the storage as Orleans does.</summary>
internal sealed class Held<T> : IGrainState<T>
{
    [System.Diagnostics.CodeAnalysis.AllowNull]
    public T State { get; set; } = default!;
    public string? ETag { get; set; }
    public bool RecordExists { get; set; }
}
