namespace Dtaas.Runtime;

/// <summary>
/// The persistent state of one grain, read before <c>OnActivateAsync</c>. Writes use the ETag for optimistic
/// concurrency: writing over a record that changed since it was read throws <see cref="InconsistentStateException"/>.
/// </summary>
public interface IPersistentState<TState>
{
    TState State { get; set; }
    string? ETag { get; }
    bool RecordExists { get; }
    Task ReadStateAsync(CancellationToken cancellationToken = default);
    Task WriteStateAsync(CancellationToken cancellationToken = default);
    Task ClearStateAsync(CancellationToken cancellationToken = default);
}
