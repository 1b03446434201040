using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Dtaas.Gateway;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Servables;
using Dtaas.Grains.Interfaces.Trusts;
using Dtaas.Grains.Interfaces.Users;
using Dtaas.Grains.Node;
using Dtaas.Kubernetes.Controllers;
using Dtaas.Silo.Api;
using Dtaas.Kubernetes.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;

namespace Dtaas.Silo.WebConsole;

/// <summary>
/// The web console at <c>/console/</c> on every gateway listener: a page and its script and style (embedded in this
/// assembly: nodes may be air-gapped), a JSON API under <c>/console/api/</c> whose login and calls go through the
/// <c>/v1</c> grains (the same throttle, the same capabilities), and a server-sent event stream that pushes what changed.
/// </summary>
public static class ConsoleEndpoints
{
    public const string Prefix = "/console";

    /// <summary>The most a console request body may hold: a login or a trust change is a few hundred bytes.</summary>
    public const long MaxBody = 16 * 1024;

    private const int MaxName = 256;
    private const int MaxPassword = 1024;
    private static readonly TimeSpan NodeInterval = TimeSpan.FromMilliseconds(400);
    private static readonly TimeSpan UserInterval = TimeSpan.FromMilliseconds(400);
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    // No inline script or style anywhere: the page's only code is /console/console.js.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private static readonly (string Path, string Resource, string ContentType)[] Assets =
    [
        ("/", "index.html", "text/html; charset=utf-8"),
        ("/console.js", "console.js", "text/javascript; charset=utf-8"),
        ("/console.css", "console.css", "text/css; charset=utf-8"),
    ];

    /// <summary>The console's services (one call in the silo host): <see cref="ConsoleView"/> over the node's caches and grains.</summary>
    public static IServiceCollection AddConsole(this IServiceCollection services, string @namespace) =>
        services.AddSingleton(sp => new ConsoleView(@namespace, sp.GetRequiredService<NodeDescription>(), sp.GetRequiredService<ObjectCaches>(),
            sp.GetRequiredService<IKubernetesClient>(), sp.GetRequiredService<IGrainFactory>(), sp.GetRequiredService<TimeProvider>()));

    /// <summary>
    /// Maps the console on a gateway listener. <paramref name="tlsPort"/> is set on a plain listener of a gateway that
    /// also speaks TLS: there a browser beyond loopback is sent to HTTPS before it can type a password.
    /// </summary>
    public static void MapConsole(this IEndpointRouteBuilder app, IServiceProvider core, Func<int>? tlsPort)
    {
        var view = core.GetRequiredService<ConsoleView>();
        var logger = core.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ConsoleEndpoints).FullName!);
        RequestDelegate Handler(Func<HttpContext, Task<IResult>> handle) => ObjectApi.Answering(async context =>
        {
            context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers["Referrer-Policy"] = "no-referrer";
            context.Response.Headers.CacheControl = "no-store";
            if (tlsPort is not null && !context.Request.IsHttps && context.Connection.RemoteIpAddress is { } remote && !IPAddress.IsLoopback(remote))
            {
                return Results.Redirect(CredentialRedirect.Location(context.Request, context.Connection.LocalIpAddress, tlsPort()), permanent: true, preserveMethod: true);
            }
            if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = MaxBody;
            }
            return context.Request.ContentLength > MaxBody
                ? ApiResponses.Error(StatusCodes.Status413PayloadTooLarge, $"the request body is above {MaxBody} bytes")
                : await handle(context);
        }, logger);
        RequestDelegate Signed(Func<HttpContext, VerifiedPrincipal, Task<IResult>> handle, bool write = true) => Handler(async context =>
        {
            if (write && !SameOrigin(context.Request))
            {
                return ApiResponses.Error(StatusCodes.Status403Forbidden, "a console write must come from the console's own page");
            }
            if (ConsoleSession.Token(context.Request) is not { } token || await view.Sessions.Resolve(token, context.RequestAborted) is not { } caller)
            {
                ConsoleSession.Clear(context.Response, context.Request.IsHttps);
                return ApiResponses.Error(StatusCodes.Status401Unauthorized, "your session has ended: sign in again");
            }
            if (write && !ConsoleSession.CsrfMatches(context.Request, token))
            {
                return ApiResponses.Error(StatusCodes.Status403Forbidden, $"a console write needs the {ConsoleSession.CsrfHeader} header of its session");
            }
            return await handle(context, caller);
        });

        foreach (var (path, resource, contentType) in Assets)
        {
            var bytes = Asset(resource);
            // Routing matches /console and /console/ alike: the page's relative links need the slash.
            app.MapGet(Prefix + path, Handler(context => Task.FromResult(context.Request.Path.Value == Prefix
                ? Results.Redirect($"{Prefix}/", permanent: true)
                : Results.Bytes(bytes, contentType))));
        }

        app.MapPost($"{Prefix}/api/login", Handler(async context =>
        {
            if (!SameOrigin(context.Request))
            {
                return ApiResponses.Error(StatusCodes.Status403Forbidden, "sign in from the console's own page");
            }
            var (login, refusal) = await Read(context, ConsoleJsonContext.Default.ConsoleLogin);
            if (refusal is not null)
            {
                return refusal;
            }
            if (login!.Username is not { Length: > 0 and <= MaxName } username || login.Password is not { Length: > 0 and <= MaxPassword } password)
            {
                return ApiResponses.Error(StatusCodes.Status400BadRequest, $"give a username (up to {MaxName} characters) and a password (up to {MaxPassword})");
            }
            var answer = await view.Sessions.LoginFrom(username, password, LoginSource.Of(context.Connection), context.RequestAborted);
            if (answer is { RetryAfter: { } wait })
            {
                return ApiResponses.TooManyRequests(wait);
            }
            if (answer.Issued is not { } issued)
            {
                return ApiResponses.Error(StatusCodes.Status401Unauthorized, "wrong username or password");
            }
            ConsoleSession.Issue(context.Response, issued.AccessToken, issued.ExpiresIn, context.Request.IsHttps);
            logger.LogInformation("Console sign-in of {User} from {Source}", issued.User.Principal, LoginSource.Of(context.Connection));
            return Json(new SessionBody(issued.User.Principal.ToString(), view.Node.Name, ConsoleSession.Csrf(issued.AccessToken)), ConsoleJsonContext.Default.SessionBody);
        }));
        app.MapPost($"{Prefix}/api/logout", Signed(async (context, _) =>
        {
            await view.Sessions.Logout(ConsoleSession.Token(context.Request)!, context.RequestAborted);
            ConsoleSession.Clear(context.Response, context.Request.IsHttps);
            return Results.NoContent();
        }));
        app.MapGet($"{Prefix}/api/session", Signed((context, caller) => Task.FromResult(Json(
            new SessionBody(caller.Principal.ToString(), view.Node.Name, ConsoleSession.Csrf(ConsoleSession.Token(context.Request)!)),
            ConsoleJsonContext.Default.SessionBody)), write: false));
        app.MapGet($"{Prefix}/api/node", Signed(async (context, _) => Json(await view.NodeAsync(context.RequestAborted), ConsoleJsonContext.Default.NodeSnapshot), write: false));
        app.MapGet($"{Prefix}/api/user", Signed(async (context, caller) => Json(await view.UserAsync(caller, context.RequestAborted), ConsoleJsonContext.Default.UserSnapshot), write: false));
        app.MapGet($"{Prefix}/api/stream", async context =>
        {
            if (ConsoleSession.Token(context.Request) is not { } token || await view.Sessions.Resolve(token, context.RequestAborted) is null)
            {
                await ApiResponses.Error(StatusCodes.Status401Unauthorized, "your session has ended: sign in again").ExecuteAsync(context);
                return;
            }
            await StreamAsync(context, view, token, logger);
        });

        app.MapPost($"{Prefix}/api/trusts/{{id}}/members", Signed(async (context, caller) =>
        {
            var (member, refusal) = await Read(context, ConsoleJsonContext.Default.ConsoleMember);
            if (refusal is not null)
            {
                return refusal;
            }
            if (member!.Principal is not { Length: > 0 and <= MaxName } text)
            {
                return ApiResponses.Error(StatusCodes.Status400BadRequest, $"give the member as user@node (up to {MaxName} characters)");
            }
            if (!Principal.TryParse(text, out var principal, out var problem))
            {
                return ApiResponses.Error(StatusCodes.Status400BadRequest, problem);
            }
            if (member.Role is not (null or "member" or "trustee"))
            {
                return ApiResponses.Error(StatusCodes.Status400BadRequest, "the role is member or trustee");
            }
            return await ChangeAsync(view, context, caller, new TrustChange.AddMember(principal, member.Role == "trustee"), logger);
        }));
        app.MapDelete($"{Prefix}/api/trusts/{{id}}/members/{{principal}}", Signed(async (context, caller) =>
            context.Request.RouteValues["principal"] is string { Length: <= MaxName } text && Principal.TryParse(text, out var principal, out _)
                ? await ChangeAsync(view, context, caller, new TrustChange.RemoveMember(principal), logger)
                : ApiResponses.Error(StatusCodes.Status400BadRequest, "give the member as user@node")));
        app.MapPost($"{Prefix}/api/trusts/{{id}}/objects", Signed(async (context, caller) =>
        {
            var (link, refusal) = await Read(context, ConsoleJsonContext.Default.ConsoleLink);
            if (refusal is not null)
            {
                return refusal;
            }
            if (link!.Node is not { Length: > 0 and <= MaxName } node || link.Id is not { Length: > 0 and <= MaxName } objectId)
            {
                return ApiResponses.Error(StatusCodes.Status400BadRequest, "give the object's id and the name of its node");
            }
            if (link.Capabilities is { Count: > 16 })
            {
                return ApiResponses.Error(StatusCodes.Status400BadRequest, "too many capabilities");
            }
            if (!Capabilities.TryParse(link.Capabilities ?? [], out var given, out var problem))
            {
                return ApiResponses.Error(StatusCodes.Status400BadRequest, problem);
            }
            return await ChangeAsync(view, context, caller, new TrustChange.LinkObject(node, objectId, given), logger);
        }));
    }

    private static async Task<IResult> ChangeAsync(ConsoleView view, HttpContext context, VerifiedPrincipal caller, TrustChange change, ILogger logger)
    {
        if (context.Request.RouteValues["id"] is not string { Length: > 0 and <= MaxName } id)
        {
            return ApiResponses.Error(StatusCodes.Status400BadRequest, "no such trust");
        }
        var answer = await view.Trusts.Change(caller, id, change, context.RequestAborted);
        if (answer.Outcome == ServableOutcome.Done)
        {
            logger.LogInformation("Console: {User} changed trust {Namespace}/{Trust}: {Change}", caller.Principal, view.Namespace, id, change.GetType().Name);
            return Results.NoContent();
        }
        return ApiResponses.Answer(ServableAnswer.Refused(answer.Outcome, answer.Error ?? $"no trust {id}"), $"no trust {id}");
    }

    /// <summary>
    /// Server-sent events: <c>node</c> with the node's view and <c>user</c> with the user's, each sent when it changed
    /// (checked every few hundred milliseconds, so a change shows within a second), and <c>expired</c> when the session
    /// ends. The two are read apart: a member that does not answer the user's fan-out never holds back the graph.
    /// </summary>
    private static async Task StreamAsync(HttpContext context, ConsoleView view, string token, ILogger logger)
    {
        var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var cancellationToken = stop.Token;
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        var writing = new SemaphoreSlim(1, 1);
        async Task SendAsync(string name, string data)
        {
            await writing.WaitAsync(cancellationToken);
            try
            {
                await context.Response.WriteAsync($"event: {name}\ndata: {data}\n\n", Encoding.UTF8, cancellationToken);
                await context.Response.Body.FlushAsync(cancellationToken);
            }
            finally
            {
                writing.Release();
            }
        }
        async Task Loop(TimeSpan interval, Func<Task<string?>> read, string name)
        {
            string? last = null;
            var quiet = TimeSpan.Zero;
            while (!cancellationToken.IsCancellationRequested)
            {
                string? data;
                try
                {
                    data = await read();
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    logger.LogDebug("Console stream: reading {Part} failed: {Reason}", name, e.Message);
                    data = last;
                }
                if (data is null)
                {
                    await SendAsync("expired", "{}");
                    await stop.CancelAsync();
                    return;
                }
                if (data != last)
                {
                    await SendAsync(name, data);
                    last = data;
                    quiet = TimeSpan.Zero;
                }
                else if ((quiet += interval) >= KeepAlive)
                {
                    await SendAsync("ping", "{}");
                    quiet = TimeSpan.Zero;
                }
                await Task.Delay(interval, cancellationToken);
            }
        }
        try
        {
            await SendAsync("ready", "{}");
            var node = Loop(NodeInterval, async () => JsonSerializer.Serialize(await view.NodeAsync(cancellationToken), ConsoleJsonContext.Default.NodeSnapshot), "node");
            var user = Loop(UserInterval, async () => await view.Sessions.Resolve(token, cancellationToken) is { } caller
                ? JsonSerializer.Serialize(await view.UserAsync(caller, cancellationToken), ConsoleJsonContext.Default.UserSnapshot)
                : null, "user");
            await Task.WhenAny(node, user);
            await stop.CancelAsync();
            await Task.WhenAll(node, user);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The browser went away, the session ended or the listener stops.
        }
    }

    /// <summary>Whether the request came from a page of this console: no Origin (same-origin GET), or an Origin naming the Host it was sent to.</summary>
    private static bool SameOrigin(HttpRequest request) =>
        request.Headers.Origin.ToString() is not { Length: > 0 } origin ||
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase) &&
            uri.Scheme == request.Scheme;

    private static async Task<(T? Body, IResult? Refusal)> Read<T>(HttpContext context, JsonTypeInfo<T> type) where T : class =>
        context.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true
            ? await ApiResponses.ReadAsync(context.Request, type, context.RequestAborted)
            : (null, ApiResponses.Error(StatusCodes.Status415UnsupportedMediaType, "send JSON (Content-Type: application/json)"));

    private static IResult Json<T>(T body, JsonTypeInfo<T> type) => Results.Json(body, type);

    private static byte[] Asset(string name)
    {
        using var stream = typeof(ConsoleEndpoints).Assembly.GetManifestResourceStream($"console/{name}")
            ?? throw new InvalidOperationException($"the console's asset {name} is not embedded in the silo");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
