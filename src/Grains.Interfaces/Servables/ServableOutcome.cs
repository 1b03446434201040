using Orleans;

namespace Dtaas.Grains.Interfaces.Servables;

[GenerateSerializer, Alias("dtaas.ServableOutcome")]
public enum ServableOutcome
{
    Done,

    /// <summary>No such servable, or the caller may not DISCOVER it (the two look the same, so existence stays hidden).</summary>
    Hidden,

    /// <summary>The caller knows of it but lacks the capability the action needs.</summary>
    Forbidden,

    /// <summary>The request itself is wrong (say, no capability named).</summary>
    Invalid,

    /// <summary>A servable of that name exists already.</summary>
    Conflict,

    /// <summary>What the action names is not there (say, no grant to that principal).</summary>
    Missing,

    /// <summary>The node the action needs did not answer (say, the node of an object being linked into a trust).</summary>
    Unreachable,
}
