namespace Dtaas.Runtime;

/// <summary>The silo a remote grain call was addressed to could not be reached.</summary>
public sealed class SiloUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
