namespace Dtaas.Client;

/// <summary>
/// The handshake in front of Orleans' own on an SDK connection: the client's first frame carries the node's client
/// token; the client gateway answers with one frame, accepted or refused with the reason, and only then speaks Orleans.
/// </summary>
public static class ClientTokenFrames
{
    public const byte Token = (byte)'T';
    public const byte Accepted = (byte)'A';
    public const byte Refused = (byte)'R';

    /// <summary>How long either side waits for the other's frame.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
}
