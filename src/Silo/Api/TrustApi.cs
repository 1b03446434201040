using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Servables;
using Dtaas.Grains.Interfaces.Trusts;
using Dtaas.Grains.Interfaces.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orleans;

namespace Dtaas.Silo.Api;

/// <summary>
/// The trusts of the /v1 API for a user of this node: create (here, its home) and list (across the domain), read and
/// delete, members and trustees, linked objects, wherever the trust's home is. Only trustees change a trust; linking an
/// object is approved at the object's node.
/// </summary>
public static class TrustApi
{
    public static void MapTrustApi(this IEndpointRouteBuilder app, IGrainFactory grains, string @namespace, ISessionGrain sessions,
        Func<Func<HttpContext, Task<IResult>>, RequestDelegate> handler)
    {
        var trusts = $"{ObjectApi.Prefix}/trusts";
        var directory = grains.GetGrain<ITrustDirectoryGrain>(@namespace);
        Task<TrustAnswer> Change(HttpContext context, VerifiedPrincipal caller, TrustChange change) =>
            directory.Change(caller, (string)context.Request.RouteValues["id"]!, change, context.RequestAborted);
        RequestDelegate As(Func<HttpContext, VerifiedPrincipal, Task<IResult>> handle) =>
            handler(context => ObjectApi.Authenticated(context, sessions, caller => handle(context, caller)));

        app.MapPost(trusts, As(async (context, caller) =>
        {
            var (request, refusal) = await ApiResponses.ReadAsync(context.Request, ApiJsonContext.Default.TrustRequest, context.RequestAborted);
            if (refusal is not null)
            {
                return refusal;
            }
            var id = TrustIds.New(caller.Id.NodeId); // the id names its home: no other member can pose as it
            var answer = await grains.GetGrain<IDtTrustGrain>(new ObjectKey(@namespace, id).ToString()).Create(caller, request!.Name ?? "", context.RequestAborted);
            return answer.Trust is { } created ? Results.Json(created, ApiJsonContext.Default.TrustView, statusCode: StatusCodes.Status201Created) : Answer(answer, id);
        }));
        app.MapGet(trusts, As(async (context, caller) =>
        {
            var found = await directory.ListAcrossDomains(caller, context.RequestAborted);
            return Results.Json(new TrustList(found.Items, found.Unreachable), ApiJsonContext.Default.TrustList);
        }));
        app.MapGet($"{trusts}/{{id}}", As(async (context, caller) => Answer(await Change(context, caller, new TrustChange.View()), context)));
        app.MapDelete($"{trusts}/{{id}}", As(async (context, caller) => Answer(await Change(context, caller, new TrustChange.Delete()), context)));

        app.MapPost($"{trusts}/{{id}}/members", As(async (context, caller) =>
        {
            var (request, refusal) = await ApiResponses.ReadAsync(context.Request, ApiJsonContext.Default.TrustMemberRequest, context.RequestAborted);
            if (refusal is not null)
            {
                return refusal;
            }
            if (!Principal.TryParse(request!.Principal, out var principal, out var problem))
            {
                return ApiResponses.Error(StatusCodes.Status400BadRequest, problem);
            }
            if (request.Role is not (null or "member" or "trustee"))
            {
                return ApiResponses.Error(StatusCodes.Status400BadRequest, $"role '{request.Role}' is neither member nor trustee");
            }
            return Answer(await Change(context, caller, new TrustChange.AddMember(principal, request.Role == "trustee")), context);
        }));
        app.MapDelete($"{trusts}/{{id}}/members/{{principal}}", As(async (context, caller) =>
            Principal.TryParse(context.Request.RouteValues["principal"] as string, out var principal, out var problem)
                ? Answer(await Change(context, caller, new TrustChange.RemoveMember(principal)), context)
                : ApiResponses.Error(StatusCodes.Status400BadRequest, problem)));

        app.MapPost($"{trusts}/{{id}}/objects", As(async (context, caller) =>
        {
            var (request, refusal) = await ApiResponses.ReadAsync(context.Request, ApiJsonContext.Default.TrustObjectRequest, context.RequestAborted);
            if (refusal is not null)
            {
                return refusal;
            }
            if (request!.Id is not { Length: > 0 } objectId || request.Node is not { Length: > 0 } node)
            {
                return ApiResponses.Error(StatusCodes.Status400BadRequest, "give the object's id and the name of its node");
            }
            if (!Capabilities.TryParse(request.Capabilities ?? [], out var given, out var problem))
            {
                return ApiResponses.Error(StatusCodes.Status400BadRequest, problem);
            }
            return Answer(await Change(context, caller, new TrustChange.LinkObject(node, objectId, given)), context);
        }));
        app.MapDelete($"{trusts}/{{id}}/objects/{{objectId}}", As(async (context, caller) =>
            Answer(await Change(context, caller, new TrustChange.UnlinkObject((string)context.Request.RouteValues["objectId"]!)), context)));
    }

    private static IResult Answer(TrustAnswer answer, HttpContext context) => Answer(answer, (string)context.Request.RouteValues["id"]!);

    private static IResult Answer(TrustAnswer answer, string id) => answer.Outcome switch
    {
        ServableOutcome.Done when answer.Trust is { } trust => Results.Json(trust, ApiJsonContext.Default.TrustView),
        ServableOutcome.Done => Results.NoContent(),
        ServableOutcome.Hidden => ApiResponses.Error(StatusCodes.Status404NotFound, $"no trust {id}"),
        _ => ApiResponses.Answer(ServableAnswer.Refused(answer.Outcome, answer.Error!), $"no trust {id}"),
    };
}
