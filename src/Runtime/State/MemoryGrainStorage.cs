using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace Dtaas.Runtime;

/// <summary>
/// In-memory storage. States are kept as JSON so a grain mutating its state object after a write cannot change the
/// stored record behind the store's back (the same isolation a real store gives).
/// </summary>
public sealed class MemoryGrainStorage(GrainSerializer serializer) : IGrainStorage
{
    private readonly ConcurrentDictionary<(string State, GrainId Grain), Record> _records = new();
    private long _nextETag;

    private sealed record Record(byte[] Json, string ETag);

    public Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        if (_records.TryGetValue((stateName, grainId), out var record))
        {
            grainState.State = JsonSerializer.Deserialize(record.Json, serializer.TypeInfo<TState>())!;
            grainState.ETag = record.ETag;
            grainState.RecordExists = true;
        }
        else
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(grainState.State, serializer.TypeInfo<TState>());
        var etag = NewETag();
        Swap(stateName, grainId, grainState.ETag, new Record(json, etag));
        grainState.ETag = etag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        Swap(stateName, grainId, grainState.ETag, replacement: null);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private string NewETag() => Interlocked.Increment(ref _nextETag).ToString(CultureInfo.InvariantCulture);

    // Compare-and-swap on the record: the caller's ETag must be the stored one (null when nothing is stored).
    private void Swap(string stateName, GrainId grainId, string? expectedETag, Record? replacement)
    {
        var key = (stateName, grainId);
        while (true)
        {
            _records.TryGetValue(key, out var current);
            if (current?.ETag != expectedETag)
            {
                throw new InconsistentStateException($"State '{stateName}' of grain {grainId} was changed by another writer", current?.ETag, expectedETag);
            }
            bool swapped = (current, replacement) switch
            {
                (null, null) => true,
                (null, not null) => _records.TryAdd(key, replacement),
                (not null, null) => _records.TryRemove(new KeyValuePair<(string, GrainId), Record>(key, current)),
                (not null, not null) => _records.TryUpdate(key, replacement, current),
            };
            if (swapped)
            {
                return;
            }
        }
    }
}
