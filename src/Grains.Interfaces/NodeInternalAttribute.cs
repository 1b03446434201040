namespace Dtaas.Grains.Interfaces;

/// <summary>
/// A grain call only the node itself makes (its watcher, its federation edge, its other grains): a call from an SDK
/// client is refused with <see cref="UnauthorizedAccessException"/>. On a method, or on an interface for all of its methods.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Interface, Inherited = false)]
public sealed class NodeInternalAttribute : Attribute;
