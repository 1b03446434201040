namespace Dtaas.WireGuard.Join;

/// <summary>What a replay cache says about a request it is asked to remember.</summary>
public enum ReplayVerdict
{
    /// <summary>Not seen before; now remembered.</summary>
    New,

    /// <summary>Seen before within its lifetime.</summary>
    Replayed,

    /// <summary>At capacity even after forgetting expired entries; nothing was remembered.</summary>
    Full,
}
