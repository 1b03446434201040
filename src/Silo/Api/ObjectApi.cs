using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Servables;
using Dtaas.Grains.Interfaces.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Orleans;

namespace Dtaas.Silo.Api;

/// <summary>
/// The /v1 REST API on the gateway (for any Host that is not an app's): login (throttled per source address, see
/// <see cref="LoginSource"/>), logout and whoami, the node's users, servables by
/// kind, grants, and the OpenAPI document at <c>/v1/doc</c>. Each call is one grain call with the caller its bearer
/// token names (<see cref="ISessionGrain.Resolve"/>); nothing in a request's headers or body can claim another.
/// </summary>
public static class ObjectApi
{
    public const string Prefix = "/v1";

    public static void MapObjectApi(this IEndpointRouteBuilder app, IGrainFactory grains, string @namespace, ILogger logger)
    {
        RequestDelegate Handler(Func<HttpContext, Task<IResult>> handle) => Answering(handle, logger);
        var sessions = grains.GetGrain<ISessionGrain>(@namespace);
        var directory = grains.GetGrain<IServableDirectoryGrain>(@namespace);

        app.MapGet($"{Prefix}/doc", Handler(_ => Task.FromResult(Results.Json(ApiDocument.Build(), ApiJsonContext.Default.JsonObject))));

        app.MapPost($"{Prefix}/login", Handler(async context =>
        {
            var (login, refusal) = await ApiResponses.ReadAsync(context.Request, ApiJsonContext.Default.LoginRequest, context.RequestAborted);
            if (refusal is not null)
            {
                return refusal;
            }
            if (login!.Username is not { Length: > 0 } username || login.Password is not { } password)
            {
                return ApiResponses.Error(StatusCodes.Status400BadRequest, "give username and password");
            }
            var answer = await sessions.LoginFrom(username, password, LoginSource.Of(context.Connection), context.RequestAborted);
            return answer switch
            {
                { RetryAfter: { } wait } => ApiResponses.TooManyRequests(wait),
                { Issued: { } issued } => Results.Json(new LoginResponse(issued.AccessToken, "Bearer", (long)issued.ExpiresIn.TotalSeconds, Self(issued.User)),
                    ApiJsonContext.Default.LoginResponse),
                _ => ApiResponses.Unauthorized("wrong username or password"),
            };
        }));

        app.MapPost($"{Prefix}/logout", Handler(context => Authenticated(context, sessions, async _ =>
        {
            await sessions.Logout(BearerToken(context)!, context.RequestAborted);
            return Results.NoContent();
        })));

        app.MapGet($"{Prefix}/whoami", Handler(context => Authenticated(context, sessions,
            caller => Task.FromResult(Results.Json(Self(caller), ApiJsonContext.Default.UserBody)))));

        app.MapGet($"{Prefix}/users", Handler(context => Authenticated(context, sessions, async caller =>
        {
            var users = await grains.GetGrain<IUserDirectoryGrain>(@namespace).List(caller, context.RequestAborted);
            return Results.Json(new UserList([.. users.Select(u => new UserBody(u.Username, u.Principal.ToString(), u.Node))]),
                ApiJsonContext.Default.UserList);
        })));

        foreach (var (path, type) in ServableCollections.All)
        {
            var collection = $"{Prefix}/{path}";
            var notFound = (string id) => $"no servable of type {type} with id {id}";
            app.MapGet(collection, Handler(context => Authenticated(context, sessions, async caller =>
            {
                var found = await directory.ListAcrossDomains(caller, type, context.RequestAborted);
                return Results.Json(new ServableList([.. found.Items.Select(ApiResponses.Body)], found.Unreachable), ApiJsonContext.Default.ServableList);
            })));
            app.MapPost(collection, Handler(context => Authenticated(context, sessions, async caller =>
            {
                var (request, refusal) = await ApiResponses.ReadAsync(context.Request, ApiJsonContext.Default.ServableRequest, context.RequestAborted);
                if (refusal is not null)
                {
                    return refusal;
                }
                if (!ObjectNames.IsValid(request!.Name))
                {
                    return ApiResponses.Error(StatusCodes.Status400BadRequest,
                        $"name '{request.Name}' is not an object name: lower case letters, digits, '-' and '.', starting and ending with a letter or digit");
                }
                var answer = await grains.GetGrain<IDtServableGrain>(new ObjectKey(@namespace, request.Name!).ToString())
                    .Create(caller, new ServableDraft(type, request.Name!, request.ServiceSelector, request.Description, request.Tags), context.RequestAborted);
                return answer is { Outcome: ServableOutcome.Done, Servable: { } created }
                    ? Results.Json(ApiResponses.Body(created), ApiJsonContext.Default.ServableBody, statusCode: StatusCodes.Status201Created)
                    : ApiResponses.Answer(answer, "");
            })));
            app.MapGet($"{collection}/{{id}}", Handler(context => Authenticated(context, sessions, async caller =>
                ApiResponses.Answer(await directory.Act(caller, type, Id(context), new ServableAction.Read(), context.RequestAborted), notFound(Id(context))))));
            app.MapMethods($"{collection}/{{id}}", [HttpMethods.Patch], Handler(context => Authenticated(context, sessions, async caller =>
            {
                var (request, refusal) = await ApiResponses.ReadAsync(context.Request, ApiJsonContext.Default.ServableRequest, context.RequestAborted);
                if (refusal is not null)
                {
                    return refusal;
                }
                if (request!.Name is not null)
                {
                    return ApiResponses.Error(StatusCodes.Status400BadRequest, "a servable's name cannot change");
                }
                var update = new ServableAction.Update(request.Description, request.Tags, request.ServiceSelector);
                return ApiResponses.Answer(await directory.Act(caller, type, Id(context), update, context.RequestAborted), notFound(Id(context)));
            })));
            app.MapDelete($"{collection}/{{id}}", Handler(context => Authenticated(context, sessions, async caller =>
                ApiResponses.Answer(await directory.Act(caller, type, Id(context), new ServableAction.Delete(), context.RequestAborted), notFound(Id(context))))));
        }

        app.MapPost($"{Prefix}/objects/{{id}}/grants", Handler(context => Authenticated(context, sessions, async caller =>
        {
            var (request, refusal) = await ApiResponses.ReadAsync(context.Request, ApiJsonContext.Default.GrantRequest, context.RequestAborted);
            if (refusal is not null)
            {
                return refusal;
            }
            if (!Principal.TryParse(request!.Principal, out var to, out var problem))
            {
                return ApiResponses.Error(StatusCodes.Status400BadRequest, problem);
            }
            if (!Capabilities.TryParse(request.Capabilities ?? [], out var given, out problem))
            {
                return ApiResponses.Error(StatusCodes.Status400BadRequest, problem);
            }
            return ApiResponses.Answer(await directory.Act(caller, null, Id(context), new ServableAction.Grant(to, given), context.RequestAborted), NoObject(context));
        })));
        app.MapDelete($"{Prefix}/objects/{{id}}/grants/{{principal}}", Handler(context => Authenticated(context, sessions, async caller =>
            Principal.TryParse(context.Request.RouteValues["principal"] as string, out var from, out var problem)
                ? ApiResponses.Answer(await directory.Act(caller, null, Id(context), new ServableAction.Revoke(from), context.RequestAborted), NoObject(context))
                : ApiResponses.Error(StatusCodes.Status400BadRequest, problem))));

        app.MapTrustApi(grains, @namespace, sessions, Handler);

        // Below the routes above: any other path or method under /v1 is a JSON 404, not the dtApp ingress's plain text.
        app.MapFallback($"{Prefix}/{{*rest}}", Handler(context => Task.FromResult(ApiResponses.Error(StatusCodes.Status404NotFound,
            $"no API call {context.Request.Method} {context.Request.Path}: see GET {Prefix}/doc"))));
    }

    /// <summary>
    /// An endpoint that answers with what <paramref name="handle"/> returns; a failure behind it (a grain call timing out,
    /// a write that met a newer object) is a 503 in the API's error shape, worth trying again.
    /// </summary>
    internal static RequestDelegate Answering(Func<HttpContext, Task<IResult>> handle, ILogger logger) => async context =>
    {
        IResult result;
        try
        {
            result = ApiResponses.LimitBody(context) ?? await handle(context);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            logger.LogWarning("{Method} {Path} failed: {Reason}", context.Request.Method, context.Request.Path.Value, e.Message);
            result = ApiResponses.Error(StatusCodes.Status503ServiceUnavailable, $"the node could not answer now, try again: {e.Message}");
        }
        await result.ExecuteAsync(context);
    };

    private static string Id(HttpContext context) => (string)context.Request.RouteValues["id"]!;

    private static string NoObject(HttpContext context) => $"no object with id {Id(context)}";

    /// <summary>Runs <paramref name="handle"/> for the caller the bearer token names, or answers 401.</summary>
    internal static async Task<IResult> Authenticated(HttpContext context, ISessionGrain sessions, Func<VerifiedPrincipal, Task<IResult>> handle)
    {
        if (BearerToken(context) is not { } token)
        {
            return ApiResponses.Unauthorized("log in first (POST /v1/login) and send the token as Authorization: Bearer <token>");
        }
        var caller = await sessions.Resolve(token, context.RequestAborted);
        return caller is null ? ApiResponses.Unauthorized("the bearer token is unknown or expired: log in again") : await handle(caller);
    }

    private static string? BearerToken(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header[7..].Trim() is { Length: > 0 } token ? token : null;
    }

    private static UserBody Self(VerifiedPrincipal user) =>
        new(user.Principal.Username, user.Principal.ToString(), user.Principal.Node, user.Id.NodeId, user.Id.UserId);
}
