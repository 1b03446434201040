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
/// A <c>/v1</c> user sees its servables and trusts only; the node-level views (domains, peers, apps, networks, events)
/// are for the node admin, who signs in with the node's client token (see <see cref="ConsoleAdminSession"/>).
/// </summary>
public static class ConsoleEndpoints
{
    public const string Prefix = "/console";

    /// <summary>The most a console request body may hold: a login or a trust change is a few hundred bytes.</summary>
    public const long MaxBody = 16 * 1024;

    private const int MaxName = 256;
    private const int MaxPassword = 1024;
    private const string AdminOnly = "the node's domains, peers, apps, networks and events are for the node admin: sign in with the node's client token";
    private const string UserOnly = "the node admin has no /v1 user: sign in as a user to see servables and trusts";

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
    public static IServiceCollection AddConsole(this IServiceCollection services, string @namespace, string clientToken) =>
        services.AddSingleton(sp => new ConsoleView(@namespace, sp.GetRequiredService<NodeDescription>(), sp.GetRequiredService<ObjectCaches>(),
            sp.GetRequiredService<IKubernetesClient>(), sp.GetRequiredService<IGrainFactory>(), sp.GetRequiredService<TimeProvider>(), clientToken));

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
        RequestDelegate Signed(Func<HttpContext, ConsoleCaller, Task<IResult>> handle, bool write = true) => Handler(async context =>
        {
            if (write && !SameOrigin(context.Request))
            {
                return ApiResponses.Error(StatusCodes.Status403Forbidden, "a console write must come from the console's own page");
            }
            if (ConsoleSession.Token(context.Request) is not { } token || await view.ResolveAsync(token, context.RequestAborted) is not { } caller)
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
        RequestDelegate AsUser(Func<HttpContext, VerifiedPrincipal, Task<IResult>> handle, bool write = true) => Signed(async (context, caller) =>
            caller.User is { } user ? await handle(context, user) : ApiResponses.Error(StatusCodes.Status403Forbidden, UserOnly), write);

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
            if (login!.Token is not null)
            {
                return await AdminSignInAsync(view, context, login.Token, logger);
            }
            if (login.Username is not { Length: > 0 and <= MaxName } username || login.Password is not { Length: > 0 and <= MaxPassword } password)
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
            return Json(new SessionBody(issued.User.Principal.ToString(), view.Node.Name, ConsoleSession.Csrf(issued.AccessToken), Admin: false),
                ConsoleJsonContext.Default.SessionBody);
        }));
        app.MapPost($"{Prefix}/api/logout", Signed(async (context, caller) =>
        {
            if (!caller.Admin)
            {
                await view.Sessions.Logout(ConsoleSession.Token(context.Request)!, context.RequestAborted);
            }
            ConsoleSession.Clear(context.Response, context.Request.IsHttps);
            return Results.NoContent();
        }));
        app.MapGet($"{Prefix}/api/session", Signed((context, caller) => Task.FromResult(Json(
            new SessionBody(caller.Name, view.Node.Name, ConsoleSession.Csrf(ConsoleSession.Token(context.Request)!), caller.Admin),
            ConsoleJsonContext.Default.SessionBody)), write: false));
        app.MapGet($"{Prefix}/api/node", Signed(async (context, caller) => caller.Admin
            ? Json(await view.NodeAsync(context.RequestAborted), ConsoleJsonContext.Default.NodeSnapshot)
            : ApiResponses.Error(StatusCodes.Status403Forbidden, AdminOnly), write: false));
        app.MapGet($"{Prefix}/api/user", AsUser(async (context, user) => Json(await view.UserAsync(user, context.RequestAborted), ConsoleJsonContext.Default.UserSnapshot),
            write: false));
        app.MapGet($"{Prefix}/api/stream", async context =>
        {
            if (ConsoleSession.Token(context.Request) is not { } token || await view.ResolveAsync(token, context.RequestAborted) is not { } caller)
            {
                await ApiResponses.Error(StatusCodes.Status401Unauthorized, "your session has ended: sign in again").ExecuteAsync(context);
                return;
            }
            await ConsoleLiveStream.RunAsync(context, view, token, caller.Admin, logger);
        });

        app.MapPost($"{Prefix}/api/trusts/{{id}}/members", AsUser(async (context, caller) =>
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
        app.MapDelete($"{Prefix}/api/trusts/{{id}}/members/{{principal}}", AsUser(async (context, caller) =>
            context.Request.RouteValues["principal"] is string { Length: <= MaxName } text && Principal.TryParse(text, out var principal, out _)
                ? await ChangeAsync(view, context, caller, new TrustChange.RemoveMember(principal), logger)
                : ApiResponses.Error(StatusCodes.Status400BadRequest, "give the member as user@node")));
        app.MapPost($"{Prefix}/api/trusts/{{id}}/objects", AsUser(async (context, caller) =>
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

    private static async Task<IResult> AdminSignInAsync(ConsoleView view, HttpContext context, string token, ILogger logger)
    {
        if (token is not { Length: > 0 and <= MaxPassword })
        {
            return ApiResponses.Error(StatusCodes.Status400BadRequest, $"give the node's client token (up to {MaxPassword} characters)");
        }
        var source = LoginSource.Of(context.Connection);
        var (cookie, wait) = await view.AdminSignInAsync(token, source);
        if (wait is { } retryAfter)
        {
            return ApiResponses.TooManyRequests(retryAfter);
        }
        if (cookie is null)
        {
            logger.LogInformation("Console: a node-admin sign-in from {Source} had a wrong client token", source);
            return ApiResponses.Error(StatusCodes.Status401Unauthorized, "wrong client token");
        }
        ConsoleSession.Issue(context.Response, cookie, ConsoleAdminSession.Lifetime, context.Request.IsHttps);
        logger.LogInformation("Console sign-in of the node admin from {Source}", source);
        return Json(new SessionBody(ConsoleCaller.NodeAdmin.Name, view.Node.Name, ConsoleSession.Csrf(cookie), Admin: true), ConsoleJsonContext.Default.SessionBody);
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
