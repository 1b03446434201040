using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Dtaas.Grains.Interfaces;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Ports;
using Dtaas.WireGuard.Join;
using Dtaas.WireGuard.Keys;

namespace Dtaas.Silo.Federation;

/// <summary>
/// The joiner's side over HTTP: seals the request with a <see cref="JoinSession"/> for the token, POSTs it to the
/// creator's <see cref="JoinEndpoint"/> at <c>http://address/</c> (port 8080, the gateway's default, when the address
/// has none) and opens the sealed reply. An address that cannot be reached is retryable; a refusal is not.
/// </summary>
public sealed class HttpJoinTransport(TimeProvider time, TimeSpan timeout) : IJoinTransport, IDisposable
{
    public const int DefaultGatewayPort = 8080;

    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = timeout }) { Timeout = timeout };

    public async Task<JoinResult> JoinAsync(string address, InviteToken token, JoinRequest request, CancellationToken cancellationToken)
    {
        if (!TryBuildUri(address, out var uri))
        {
            return JoinResult.Refused($"spec.peer.address '{address}' is not host[:port]");
        }
        var session = JoinSession.Start(token.DomainUid, WireGuardKey.FromBytes(token.CreatorPublicKey.ToArray()), token.Secret.Span);
        var plaintext = JsonSerializer.SerializeToUtf8Bytes(request, GrainsJsonContext.Default.JoinRequest);
        using var content = new ByteArrayContent(session.SealRequest(plaintext, time.GetUtcNow()));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        HttpResponseMessage response;
        try
        {
            response = await _http.PostAsync(uri, content, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return JoinResult.Unreachable($"cannot reach the creator's gateway at {uri.GetLeftPart(UriPartial.Authority)} ({Describe(e)})");
        }
        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                var reason = System.Text.Encoding.UTF8.GetString(body).Trim();
                reason = reason.Length == 0 ? $"HTTP {(int)response.StatusCode}" : reason;
                return (int)response.StatusCode >= 500
                    ? JoinResult.Unreachable($"the creator's gateway answered {(int)response.StatusCode}: {reason}")
                    : JoinResult.Refused($"the creator refused: {reason}");
            }
            var opened = session.OpenReply(body);
            if (!opened.Succeeded)
            {
                return JoinResult.Refused($"the reply from {uri.Authority} is not from the token's creator ({opened.Failure.Message})");
            }
            try
            {
                var reply = JsonSerializer.Deserialize(opened.Value, GrainsJsonContext.Default.JoinReply);
                return reply is null ? JoinResult.Refused("the creator's reply is empty") : JoinResult.Joined(reply.Membership);
            }
            catch (JsonException e)
            {
                return JoinResult.Refused($"the creator's reply cannot be read: {e.Message}");
            }
        }
    }

    public void Dispose() => _http.Dispose();

    private static bool TryBuildUri(string address, out Uri uri)
    {
        var text = address.Trim();
        var withPort = Uri.TryCreate($"http://{text}", UriKind.Absolute, out var parsed) && parsed.IsDefaultPort && !text.EndsWith(":80", StringComparison.Ordinal)
            ? $"http://{parsed.IdnHost}:{DefaultGatewayPort}"
            : $"http://{text}";
        return Uri.TryCreate(withPort + JoinEndpoint.Path, UriKind.Absolute, out uri!) && uri.AbsolutePath == JoinEndpoint.Path && string.IsNullOrEmpty(uri.Query);
    }

    private static string Describe(Exception e) =>
        e is TaskCanceledException ? "no answer in time" : e.InnerException?.Message ?? e.Message;
}
