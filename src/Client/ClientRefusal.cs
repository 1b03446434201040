namespace Dtaas.Client;

/// <summary>
/// Why the node refused this client's last connection, if it did. Orleans reports a failed connection only as
/// "Connection initialization failed"; the handshake records the node's reason here so that the client's start can
/// fail with it (<see cref="RefusalRetryFilter"/>). One per client.
/// </summary>
public sealed class ClientRefusal
{
    private volatile UnauthorizedAccessException? _last;

    public UnauthorizedAccessException? Last => _last;

    public UnauthorizedAccessException Record(UnauthorizedAccessException refusal) => _last = refusal;
}
