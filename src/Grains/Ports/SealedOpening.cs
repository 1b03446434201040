namespace Dtaas.Grains.Ports;

/// <summary>An opened sealed request and the way to answer it, or the HTTP status and reason it was refused with.</summary>
public sealed record SealedOpening<TRequest, TReply>(TRequest? Request, Func<TReply, byte[]>? SealReply, int StatusCode, string? Error)
    where TRequest : class
{
    public static SealedOpening<TRequest, TReply> Opened(TRequest request, Func<TReply, byte[]> sealReply) => new(request, sealReply, 200, null);

    public static SealedOpening<TRequest, TReply> Refused(int statusCode, string error) => new(null, null, statusCode, error);
}
