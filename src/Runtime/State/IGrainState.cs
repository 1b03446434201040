namespace Dtaas.Runtime;

/// <summary>What a storage provider reads into and writes from: the state, its ETag and whether a record exists.</summary>
public interface IGrainState<TState>
{
    TState State { get; set; }
    string? ETag { get; set; }
    bool RecordExists { get; set; }
}
