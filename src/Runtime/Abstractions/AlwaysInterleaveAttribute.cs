namespace Dtaas.Runtime;

/// <summary>Calls to this grain interface method may interleave with any other request of a non-reentrant grain.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AlwaysInterleaveAttribute : Attribute;
