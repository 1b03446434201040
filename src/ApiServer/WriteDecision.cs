using System.Text.Json.Nodes;

namespace Dtaas.ApiServer;

/// <summary>What a verb decided to do with an object, given its current stored state.</summary>
internal abstract record WriteDecision
{
    /// <summary>Store this object (create or replace).</summary>
    public sealed record Put(JsonObject Object) : WriteDecision;

    /// <summary>Remove the object; <see cref="FinalState"/> is what the DELETED event carries.</summary>
    public sealed record Delete(JsonObject FinalState) : WriteDecision;

    /// <summary>Nothing changed: no new resourceVersion and no event (an idempotent write).</summary>
    public sealed record Unchanged : WriteDecision;
}

/// <summary>The result of a write: the object as now stored (or as deleted) and the watch event type it made.</summary>
internal sealed record WriteOutcome(StoredObject Object, string EventType);
