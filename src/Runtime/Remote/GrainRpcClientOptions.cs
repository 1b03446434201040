namespace Dtaas.Runtime;

/// <summary>Settings of the HTTP/2 client that carries remote grain calls.</summary>
public sealed record GrainRpcClientOptions
{
    /// <summary>A call that has not completed after this long fails with <see cref="GrainCallTimeoutException"/>.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Sent as <c>Authorization: Bearer</c> (the client SDK's token); null sends none.</summary>
    public string? BearerToken { get; init; }

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
