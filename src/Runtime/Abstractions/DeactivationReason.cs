namespace Dtaas.Runtime;

/// <summary>Why an activation is being deactivated.</summary>
public enum DeactivationReason
{
    /// <summary>No call arrived for the configured collection age.</summary>
    Idle,
    /// <summary>The grain called <c>DeactivateOnIdle()</c>.</summary>
    Requested,
    /// <summary>The silo is stopping.</summary>
    ShuttingDown,
}
