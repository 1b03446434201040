using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Dtaas.Grains.Interfaces;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Ports;
using Dtaas.Silo.Telemetry;
using Dtaas.WireGuard.Join;
using Dtaas.WireGuard.Keys;

namespace Dtaas.Silo.Federation;

/// <summary>
/// The joiner's side over HTTP: seals the request with a <see cref="JoinSession"/> for the token, POSTs it to the
/// creator's <see cref="JoinEndpoint"/> at <c>http://address/</c> (port 8080, the gateway's default, when the address
/// has none) and opens the sealed reply. An address that cannot be reached is retryable; a refusal is not. Standing
/// queries go the same way to <see cref="StandingEndpoint"/>, sealed with the <see cref="StandingSalt"/>.
/// </summary>
public sealed class HttpJoinTransport(TimeProvider time, TimeSpan timeout) : IJoinTransport, IDisposable
{
    public const int DefaultGatewayPort = 8080;

    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = timeout }) { Timeout = timeout };

    public async Task<JoinResult> JoinAsync(string address, InviteToken token, JoinRequest request, CancellationToken cancellationToken)
    {
        if (!TryBuildUri(address, JoinEndpoint.Path, out var uri))
        {
            return JoinResult.Refused($"spec.peer.address '{address}' is not host[:port]");
        }
        using var activity = SiloActivities.Source.StartActivity("join send", ActivityKind.Client);
        activity?.SetTag("dtaas.domain.uid", token.DomainUid.ToString());
        activity?.SetTag("server.address", address);
        var session = JoinSession.Start(token.DomainUid, WireGuardKey.FromBytes(token.CreatorPublicKey.ToArray()), token.Secret.Span);
        var exchange = await ExchangeAsync(uri, session, JsonSerializer.SerializeToUtf8Bytes(request, GrainsJsonContext.Default.JoinRequest), cancellationToken);
        if (exchange.Reply is not { } opened)
        {
            return new JoinResult(null, exchange.Error, exchange.Retryable);
        }
        try
        {
            var reply = JsonSerializer.Deserialize(opened, GrainsJsonContext.Default.JoinReply);
            return reply is null ? JoinResult.Refused("the creator's reply is empty") : JoinResult.Joined(reply.MemberList);
        }
        catch (JsonException e)
        {
            return JoinResult.Refused($"the creator's reply cannot be read: {e.Message}");
        }
    }

    public async Task<StandingReply?> CheckStandingAsync(string address, Guid domainUid, string creatorPublicKey, string nodeId, CancellationToken cancellationToken)
    {
        if (!TryBuildUri(address, StandingEndpoint.Path, out var uri))
        {
            return null;
        }
        var session = JoinSession.Start(domainUid, WireGuardKey.FromBytes(Convert.FromBase64String(creatorPublicKey)), StandingSalt.Value);
        var exchange = await ExchangeAsync(uri, session, JsonSerializer.SerializeToUtf8Bytes(new StandingQuery(nodeId), GrainsJsonContext.Default.StandingQuery), cancellationToken);
        try
        {
            return exchange.Reply is { } opened ? JsonSerializer.Deserialize(opened, GrainsJsonContext.Default.StandingReply) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>POSTs one sealed request and opens the reply: the reply's plaintext, or why there is none.</summary>
    private async Task<Exchange> ExchangeAsync(Uri uri, JoinSession session, byte[] plaintext, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(session.SealRequest(plaintext, time.GetUtcNow()));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        HttpResponseMessage response;
        try
        {
            response = await _http.PostAsync(uri, content, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new Exchange(null, $"cannot reach the creator's gateway at {uri.GetLeftPart(UriPartial.Authority)} ({Describe(e)})", Retryable: true);
        }
        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                var reason = System.Text.Encoding.UTF8.GetString(body).Trim();
                reason = reason.Length == 0 ? $"HTTP {(int)response.StatusCode}" : reason;
                // A 5xx, or the creator's rate limit (429), passes: try again later rather than record a refusal.
                return (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests
                    ? new Exchange(null, $"the creator's gateway answered {(int)response.StatusCode}: {reason}", Retryable: true)
                    : new Exchange(null, $"the creator refused: {reason}", Retryable: false);
            }
            var opened = session.OpenReply(body);
            return opened.Succeeded
                ? new Exchange(opened.Value, null, Retryable: false)
                : new Exchange(null, $"the reply from {uri.Authority} is not from the token's creator ({opened.Failure.Message})", Retryable: false);
        }
    }

    private static bool TryBuildUri(string address, string path, out Uri uri)
    {
        var text = address.Trim();
        var withPort = Uri.TryCreate($"http://{text}", UriKind.Absolute, out var parsed) && parsed.IsDefaultPort && !text.EndsWith(":80", StringComparison.Ordinal)
            ? $"http://{parsed.IdnHost}:{DefaultGatewayPort}"
            : $"http://{text}";
        return Uri.TryCreate(withPort + path, UriKind.Absolute, out uri!) && uri.AbsolutePath == path && string.IsNullOrEmpty(uri.Query);
    }

    private static string Describe(Exception e) =>
        e is TaskCanceledException ? "no answer in time" : e.InnerException?.Message ?? e.Message;

    private sealed record Exchange(byte[]? Reply, string? Error, bool Retryable);
}
