namespace Dtaas.Runtime;

/// <summary>The body of a failed remote grain call: the exception's type name and message.</summary>
public sealed record GrainCallError(string Type, string Message);
