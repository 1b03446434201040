using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Dtaas.Runtime.Invocation;

namespace Dtaas.Runtime;

/// <summary>
/// Carries grain calls to other processes: one HTTP/2 POST per call over pooled, multiplexed cleartext connections.
/// Maps failures to exceptions that name the grain and method: timeouts, unreachable silos, refused tokens, and the
/// remote grain's own exception (type name and message).
/// </summary>
public sealed class GrainRpcClient : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpMessageInvoker _http;
    private readonly GrainSerializer _serializer;
    private readonly GrainInterfaceRegistry _interfaces;
    private readonly GrainRpcClientOptions _options;
    private readonly AuthenticationHeaderValue? _authorization;

    public GrainRpcClient(GrainSerializer serializer, GrainInterfaceRegistry interfaces, GrainRpcClientOptions options)
    {
        _serializer = serializer;
        _interfaces = interfaces;
        _options = options;
        _authorization = options.BearerToken is { } token ? new AuthenticationHeaderValue("Bearer", token) : null;
        _http = new HttpMessageInvoker(new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = options.ConnectTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            // A connection whose path died (a peer's link down for a while) would otherwise hold every call behind
            // TCP's growing retransmission backoff after the path is back; a missed PING replaces it with a new one.
            KeepAlivePingDelay = options.KeepAlivePing,
            KeepAlivePingTimeout = options.KeepAlivePing,
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            UseProxy = false,
            ConnectCallback = options.LocalAddress is { } choose ? (context, ct) => SourceBoundConnection.ConnectAsync(choose(context.DnsEndPoint), context.DnsEndPoint, ct) : null,
        });
    }

    internal async Task<TResult> CallAsync<TResult>(GrainMethod method, RemoteTarget target, GrainId grain, object?[] args)
    {
        var silo = target.Silo;
        var cancellationToken = method.GetCancellationToken(args);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.CallTimeout);
        var path = $"grains/{Uri.EscapeDataString(grain.Interface)}/{method.Name}?key={Uri.EscapeDataString(grain.Key)}";
        if (target.ForwardTo is { } node)
        {
            path += $"&node={Uri.EscapeDataString(node)}";
        }
        using var activity = RuntimeActivities.Source.StartActivity($"{grain.Interface}/{method.Name}", System.Diagnostics.ActivityKind.Client);
        RuntimeActivities.TagCall(activity, grain.Interface, method.Name, grain.Key);
        using var request = NewRequest(HttpMethod.Post, silo, path);
        request.Content = new ByteArrayContent(GrainCallCodec.WriteArguments(method, args, _serializer)) { Headers = { ContentType = Json } };
        try
        {
            using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return GrainCallCodec.ReadResult<TResult>(method, body, _serializer);
            }
            throw Failure(response.StatusCode, body, silo);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw GrainCallTimeoutException.For(grain, method.Name, _options.CallTimeout);
        }
        catch (HttpRequestException e)
        {
            throw new SiloUnavailableException($"Cannot reach the silo at {silo} to call {grain.Interface}.{method.Name} on grain '{grain.Key}': {e.Message}", e);
        }
    }

    /// <summary>Asks a silo who it is; proves the address and the token before the first grain call.</summary>
    public async Task<SiloInfo> GetSiloInfoAsync(Uri silo, CancellationToken cancellationToken)
    {
        using var request = NewRequest(HttpMethod.Get, silo, "grains");
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw Failure(response.StatusCode, body, silo);
            }
            return JsonSerializer.Deserialize(body, RuntimeJsonContext.Default.SiloInfo)
                ?? throw new SiloUnavailableException($"The silo at {silo} sent an empty answer.");
        }
        catch (HttpRequestException e)
        {
            throw new SiloUnavailableException($"Cannot reach the silo at {silo}: {e.Message}", e);
        }
    }

    public void Dispose() => _http.Dispose();

    private HttpRequestMessage NewRequest(HttpMethod verb, Uri silo, string path)
    {
        var request = new HttpRequestMessage(verb, new Uri(silo, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.Authorization = _authorization;
        return request;
    }

    private Exception Failure(HttpStatusCode status, byte[] body, Uri silo)
    {
        GrainCallError? error = null;
        try
        {
            error = body.Length == 0 ? null : JsonSerializer.Deserialize(body, RuntimeJsonContext.Default.GrainCallError);
        }
        catch (JsonException)
        {
            // Not one of ours (a proxy in between, say): report the status and the text below.
        }
        if (status == HttpStatusCode.Unauthorized)
        {
            return new UnauthorizedAccessException(error?.Message ?? $"The silo at {silo} refused the request (401 Unauthorized): check the client token.");
        }
        return error is null
            ? new RemoteGrainException($"HTTP {(int)status}", System.Text.Encoding.UTF8.GetString(body))
            : RemoteExceptions.Create(error, _interfaces.Assemblies);
    }
}
