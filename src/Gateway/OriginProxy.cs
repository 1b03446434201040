using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Dtaas.Gateway;

/// <summary>
/// What the origin node does with a request for one of its apps, whether it came from its own public gateway or over
/// the overlay from another member: authenticate (Custom), then proxy to the selected Service.
/// </summary>
internal sealed class OriginProxy(DtAppForwarder forwarder, CustomAuthenticator authenticator, ILogger<OriginProxy> logger)
{
    /// <summary><paramref name="forwarder"/>: YARP's, from the listener's services (<c>AddHttpForwarder</c>).</summary>
    public static OriginProxy Create(IHttpForwarder forwarder, GatewayClients clients, ILoggerFactory loggerFactory) => new(
        new DtAppForwarder(forwarder, clients, loggerFactory.CreateLogger<DtAppForwarder>()),
        new CustomAuthenticator(clients, loggerFactory.CreateLogger<CustomAuthenticator>()),
        loggerFactory.CreateLogger<OriginProxy>());

    public DtAppForwarder Forwarder => forwarder;

    public async Task ServeAsync(HttpContext context, OriginApp app, CancellationToken cancellationToken)
    {
        // Authentication first: who may not use the app need not learn how its Service is doing.
        if (app.AuthenticationUrl is { } url && !await authenticator.AuthorizeAsync(context, app, url, cancellationToken))
        {
            return;
        }
        if (app.Service is not { } service)
        {
            var reason = app.ServiceProblem ?? $"dtApp {app.ObjectKey} has no Service to send requests to";
            logger.LogWarning("dtApp {AppId}: {Method} {Path} answered 502: {Reason}", app.AppId, context.Request.Method, context.Request.Path.Value, reason);
            await PlainText.WriteAsync(context, StatusCodes.Status502BadGateway, reason, cancellationToken);
            return;
        }
        var name = app.ServiceName is { } serviceName ? $"Service {serviceName}" : $"the Service of dtApp {app.ObjectKey}";
        await forwarder.ForwardAsync(context, new ProxyDestination(app.AppId, service, $"{name} at {service.Authority}", ProxyHop.Service,
            Http2: app.ServiceHttp2), cancellationToken);
    }
}
