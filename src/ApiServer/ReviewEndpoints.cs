using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Dtaas.ApiServer;

/// <summary>
/// The self reviews kubectl asks about the caller: SelfSubjectAccessReview and SelfSubjectRulesReview (`kubectl auth can-i`)
/// and SelfSubjectReview (`kubectl auth whoami`). The standalone API has one credential, the admin token every request
/// was authenticated with, and it may do everything; the answers say so. Nothing is stored: a review is answered and gone.
/// </summary>
internal sealed class ReviewEndpoints
{
    public const string Username = "dtaas-admin";
    private const string Reason = "the standalone DTaaS API has one admin token, and it may do everything";

    private static readonly PrinterColumn Age = new("Age", "date", ".metadata.creationTimestamp");
    private static readonly IReadOnlyList<string> CreateOnly = ["create"];

    public static readonly ResourceType AccessReviews = new("authorization.k8s.io", "v1", "SelfSubjectAccessReview",
        "selfsubjectaccessreviews", "selfsubjectaccessreview", [], false, null, [Age], null, CreateOnly);

    public static readonly ResourceType RulesReviews = new("authorization.k8s.io", "v1", "SelfSubjectRulesReview",
        "selfsubjectrulesreviews", "selfsubjectrulesreview", [], false, null, [Age], null, CreateOnly);

    public static readonly ResourceType SubjectReviews = new("authentication.k8s.io", "v1", "SelfSubjectReview",
        "selfsubjectreviews", "selfsubjectreview", [], false, null, [Age], null, CreateOnly);

    public static IReadOnlyList<ResourceType> All { get; } = [AccessReviews, RulesReviews, SubjectReviews];

    public static bool Serves(ResourceType type) => All.Contains(type);

    public async Task HandleAsync(HttpContext context, ResourceRequest request)
    {
        if (request.Name is not null || request.Subresource is not null || request.Namespace is not null)
        {
            throw StatusErrors.PathNotFound();
        }
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            throw StatusErrors.MethodNotAllowed(context.Request.Method, request.Type.Plural);
        }
        var review = await ResourceEndpoints.ReadObjectAsync(context, request.Type);
        if ((string?)review["apiVersion"] is { Length: > 0 } apiVersion && apiVersion != request.Type.ApiVersion
            || (string?)review["kind"] is { Length: > 0 } kind && kind != request.Type.Kind)
        {
            throw StatusErrors.BadRequest($"the body is a {(string?)review["kind"]} of {(string?)review["apiVersion"]}, expected {request.Type.Kind} of {request.Type.ApiVersion}");
        }
        review["apiVersion"] = request.Type.ApiVersion;
        review["kind"] = request.Type.Kind;
        review["status"] = request.Type == AccessReviews ? AccessStatus()
            : request.Type == RulesReviews ? RulesStatus()
            : SubjectStatus();
        await ApiResponses.WriteRawAsync(context, 201, review.ToJsonString());
    }

    private static JsonObject AccessStatus() => new() { ["allowed"] = true, ["reason"] = Reason };

    private static JsonObject RulesStatus() => new()
    {
        ["resourceRules"] = new JsonArray(new JsonObject
        {
            ["verbs"] = new JsonArray("*"), ["apiGroups"] = new JsonArray("*"), ["resources"] = new JsonArray("*"),
        }),
        ["nonResourceRules"] = new JsonArray(new JsonObject { ["verbs"] = new JsonArray("*"), ["nonResourceURLs"] = new JsonArray("*") }),
        ["incomplete"] = false,
    };

    private static JsonObject SubjectStatus() => new()
    {
        ["userInfo"] = new JsonObject
        {
            ["username"] = Username,
            ["groups"] = new JsonArray("system:masters", "system:authenticated"),
        },
    };
}
