using System.Net;

namespace Dtaas.Runtime;

/// <summary>Settings of the HTTP/2 client that carries remote grain calls.</summary>
public sealed record GrainRpcClientOptions
{
    /// <summary>A call that has not completed after this long fails with <see cref="GrainCallTimeoutException"/>.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Sent as <c>Authorization: Bearer</c> (the client SDK's token); null sends none.</summary>
    public string? BearerToken { get; init; }

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>An HTTP/2 PING goes out after this long without frames, and the connection is dropped when its answer takes longer.</summary>
    public TimeSpan KeepAlivePing { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Chooses the source address of a new connection to the silo at the given endpoint, as routing does for an
    /// overlay interface (a silo authenticates federation calls by their source address); null, or a null answer,
    /// lets the OS choose. Lets in-process tests give each node its own loopback alias.
    /// </summary>
    public Func<DnsEndPoint, IPAddress?>? LocalAddress { get; init; }
}
