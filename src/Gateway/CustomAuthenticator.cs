using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Dtaas.Gateway;

/// <summary>
/// authenticationType Custom: a sub-request to the app's authentication URL carrying the client's credentials, like
/// nginx auth_request. 2xx lets the request through; 401/403 goes back to the client; anything else fails closed.
/// </summary>
internal sealed class CustomAuthenticator(GatewayClients clients, ILogger<CustomAuthenticator> logger)
{
    private const int MaxPassedBody = 4096;

    /// <summary>True when the request may go on; otherwise the answer has been written.</summary>
    public async Task<bool> AuthorizeAsync(HttpContext context, OriginApp app, Uri url, CancellationToken cancellationToken)
    {
        var incoming = context.Request;
        using var request = new HttpRequestMessage(HttpMethod.Get, url) { Version = HttpVersion.Version11 };
        foreach (var name in new[] { HeaderNames.Authorization, HeaderNames.Cookie })
        {
            if (incoming.Headers.TryGetValue(name, out var values))
            {
                request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }
        var forwarded = ForwardedHeaders.Next(incoming);
        request.Headers.TryAddWithoutValidation(ForwardedHeaders.For, forwarded.For);
        request.Headers.TryAddWithoutValidation(ForwardedHeaders.Host, forwarded.Host);
        request.Headers.TryAddWithoutValidation(ForwardedHeaders.Proto, forwarded.Proto);
        request.Headers.TryAddWithoutValidation("X-Original-Method", incoming.Method);
        request.Headers.TryAddWithoutValidation("X-Original-URI", (incoming.PathBase + incoming.Path).ToUriComponent() + incoming.QueryString.ToUriComponent());

        var timeoutAfter = clients.Options.AuthenticationTimeout;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(timeoutAfter);
        try
        {
            using var response = await clients.Authentication.SendAsync(request, timeout.Token);
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300)
            {
                return true;
            }
            if (status is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden)
            {
                logger.LogInformation("dtApp {AppId}: {Method} {Path} denied by {Url} ({Status})", app.AppId, incoming.Method, incoming.Path.Value, url, status);
                await DenyAsync(context, response, timeout.Token);
                return false;
            }
            await FailAsync(context, app, $"authentication endpoint {url} answered {status} {response.ReasonPhrase}", cancellationToken);
            return false;
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            return false; // The client went away.
        }
        catch (Exception e) when (timeout.IsCancellationRequested && e is OperationCanceledException or HttpRequestException or IOException)
        {
            await FailAsync(context, app, $"authentication endpoint {url} did not answer within {timeoutAfter.TotalSeconds:0.###} s", cancellationToken);
            return false;
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or IOException)
        {
            var reason = e.InnerException is SocketException socket ? socket.Message : e.Message;
            await FailAsync(context, app, $"authentication endpoint {url} is unreachable: {reason}", cancellationToken);
            return false;
        }
    }

    private static async Task DenyAsync(HttpContext context, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        context.Response.StatusCode = status;
        if (response.Headers.NonValidated.TryGetValues(HeaderNames.WWWAuthenticate, out var challenges))
        {
            context.Response.Headers.WWWAuthenticate = challenges.ToArray();
        }
        // Pass the endpoint's own explanation when it is short (a login hint); never stream an arbitrary body back.
        var body = await ReadShortAsync(response.Content, cancellationToken);
        if (body is not null)
        {
            if (response.Content.Headers.NonValidated.TryGetValues(HeaderNames.ContentType, out var type))
            {
                context.Response.Headers.ContentType = type.ToArray();
            }
        }
        else
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            body = Encoding.UTF8.GetBytes(status == StatusCodes.Status401Unauthorized ? "authentication required\n" : "forbidden\n");
        }
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, cancellationToken);
    }

    private static async Task<byte[]?> ReadShortAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is > MaxPassedBody)
        {
            return null;
        }
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxPassedBody + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
        {
            total += read;
        }
        return total is 0 or > MaxPassedBody ? null : buffer[..total];
    }

    private async Task FailAsync(HttpContext context, OriginApp app, string reason, CancellationToken cancellationToken)
    {
        logger.LogWarning("dtApp {AppId}: {Method} {Path} answered 502: {Reason}", app.AppId, context.Request.Method, context.Request.Path.Value, reason);
        await PlainText.WriteAsync(context, StatusCodes.Status502BadGateway, reason, cancellationToken);
    }
}
