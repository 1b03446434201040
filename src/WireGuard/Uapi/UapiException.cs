namespace Dtaas.WireGuard.Uapi;

/// <summary>A WireGuard UAPI transaction failed: the device answered a non-zero errno, or the exchange itself broke.</summary>
public sealed class UapiException(string interfaceName, int? errno, string message)
    : Exception($"WireGuard interface {interfaceName}: {message}")
{
    public string InterfaceName { get; } = interfaceName;

    /// <summary>The errno the device answered; null when there was no well-formed answer.</summary>
    public int? Errno { get; } = errno;
}
