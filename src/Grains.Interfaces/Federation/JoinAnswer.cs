using Orleans;

namespace Dtaas.Grains.Interfaces.Federation;

/// <summary>
/// The creator's answer to one join request, as the gateway's join endpoint sends it: 200 with the sealed reply, or an
/// HTTP status with a plain-text reason the joiner shows on its dtDomain.
/// </summary>
[GenerateSerializer, Immutable, Alias("dtaas.JoinAnswer")]
public sealed record JoinAnswer([property: Id(0)] int StatusCode, [property: Id(1)] byte[]? SealedReply, [property: Id(2)] string? Reason)
{
    public static JoinAnswer Admitted(byte[] sealedReply) => new(200, sealedReply, null);

    public static JoinAnswer Refused(int statusCode, string reason) => new(statusCode, null, reason);
}
