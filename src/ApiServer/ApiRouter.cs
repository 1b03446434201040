using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dtaas.ApiServer;

/// <summary>Dispatches every request by path and turns failures into Status answers.</summary>
internal sealed class ApiRouter(
    ResourceRegistry registry,
    BearerTokenAuthentication authentication,
    DiscoveryEndpoints discovery,
    OpenApiEndpoints openApi,
    ResourceEndpoints resources,
    ReviewEndpoints reviews,
    AuditLog? audit,
    ILogger logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            if (!authentication.IsAllowed(context))
            {
                logger.LogWarning("Refused {Method} {Path} from {Remote}: missing or wrong bearer token",
                    context.Request.Method, context.Request.Path, context.Connection.RemoteIpAddress);
                throw StatusErrors.Unauthorized();
            }
            await RouteAsync(context);
        }
        catch (ApiException e) when (!context.Response.HasStarted)
        {
            if (e.Code >= 500)
            {
                logger.LogError("{Method} {Path} failed: {Message}", context.Request.Method, context.Request.Path, e.Message);
            }
            await ApiResponses.WriteStatusAsync(context, e.Status);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            logger.LogError(e, "{Method} {Path} failed", context.Request.Method, context.Request.Path);
            await ApiResponses.WriteStatusAsync(context, StatusErrors.Internal(e.Message).Status);
        }
    }

    private Task RouteAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        var isGet = HttpMethods.IsGet(context.Request.Method);
        switch (segments)
        {
            case ["version"] when isGet:
                return discovery.VersionAsync(context);
            case ["healthz" or "livez" or "readyz"]:
                context.Response.ContentType = "text/plain";
                return context.Response.WriteAsync("ok", context.RequestAborted);
            case ["api"] when isGet:
                return discovery.CoreVersionsAsync(context);
            case ["api", var version] when isGet:
                return discovery.ResourcesAsync(context, "", version);
            case ["apis"] when isGet:
                return discovery.GroupsAsync(context);
            case ["apis", var group] when isGet:
                return discovery.GroupAsync(context, group);
            case ["apis", var group, var version] when isGet:
                return discovery.ResourcesAsync(context, group, version);
            case ["openapi", "v3"] when isGet:
                return openApi.RootAsync(context);
            case ["openapi", "v3", .. var rest] when isGet:
                return openApi.DocumentAsync(context, string.Join('/', rest));
            case ["api", var version, .. var rest]:
                return Resource(context, "", version, rest);
            case ["apis", var group, var version, .. var rest]:
                return Resource(context, group, version, rest);
            default:
                throw StatusErrors.PathNotFound();
        }
    }

    private Task Resource(HttpContext context, string group, string version, string[] rest)
    {
        var request = ResourceRequest.Resolve(registry, group, version, rest) ?? throw StatusErrors.PathNotFound();
        audit?.Record(context, request);
        return ReviewEndpoints.Serves(request.Type) ? reviews.HandleAsync(context, request) : resources.HandleAsync(context, request);
    }
}
