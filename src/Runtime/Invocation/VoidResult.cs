namespace Dtaas.Runtime.Invocation;

/// <summary>The result type of grain methods that return a plain <see cref="Task"/>.</summary>
internal readonly struct VoidResult;
