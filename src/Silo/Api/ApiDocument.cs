using System.Text.Json.Nodes;
using Dtaas.Grains.Interfaces.Objects;

namespace Dtaas.Silo.Api;

/// <summary>
/// The OpenAPI 3 document served at <c>GET /v1/doc</c>, written out here next to <see cref="ObjectApi"/>; a test checks
/// that every route mapped under /v1 is in it.
/// </summary>
public static class ApiDocument
{
    public static JsonObject Build()
    {
        var paths = new JsonObject
        {
            ["/v1/doc"] = new JsonObject { ["get"] = Operation("This document (OpenAPI 3).", null, ("200", "The document.", null)) },
            ["/v1/login"] = new JsonObject
            {
                ["post"] = Operation("Log in with a dtUser's name and password; the token is valid only on this node.", "LoginRequest",
                    [("200", "A bearer token.", "LoginResponse"), ("400", "Not a JSON object with username and password.", "Error"),
                        ("401", "Unknown user or wrong password (the same answer for both).", "Error"),
                        ("429", "Too many failed logins from this address (for this user, or for any): try again after Retry-After seconds; " +
                            "the password was not checked.", "Error")], authenticated: false),
            },
            ["/v1/logout"] = new JsonObject
            {
                ["post"] = Operation("End the calling token (other tokens of the user stay).", null, ("204", "The token is ended.", null)),
            },
            ["/v1/whoami"] = new JsonObject { ["get"] = Operation("The caller: its principal, node and ids.", null, ("200", "The caller.", "User")) },
            ["/v1/users"] = new JsonObject { ["get"] = Operation("The users the caller may discover: this node's Ready users and the users of every member of a domain this node shares.", null, ("200", "The users.", "UserList")) },
            ["/v1/objects/{id}/grants"] = new JsonObject
            {
                ["parameters"] = new JsonArray(PathParameter("id", "The servable's id (32 hex).")),
                ["post"] = Operation("Give a principal capabilities on a servable directly. Needs MANAGE, and only capabilities the caller holds.", "GrantRequest",
                    ("200", "The servable with its grants.", "Servable"), ("400", "No capability, or a name that is not one.", "Error"),
                    ("403", "The caller lacks MANAGE or a capability it gives.", "Error"), ("404", "No such servable the caller may discover.", "Error")),
            },
            ["/v1/objects/{id}/grants/{principal}"] = new JsonObject
            {
                ["parameters"] = new JsonArray(PathParameter("id", "The servable's id (32 hex)."), PathParameter("principal", "username@node name")),
                ["delete"] = Operation("Remove the direct grant to a principal. Needs MANAGE.", null, ("200", "The servable with the grants left.", "Servable"),
                    ("403", "The caller lacks MANAGE.", "Error"), ("404", "No such servable, or no grant to that principal.", "Error")),
            },
            ["/v1/trusts"] = new JsonObject
            {
                ["get"] = Operation("The trusts in which the caller is a trustee or member, on this node and on every member of every domain it shares; " +
                    "unreachable names the members that did not answer in time.", null, ("200", "The trusts.", "TrustList")),
                ["post"] = Operation("Create a trust on this node with the caller as its first trustee.", "TrustRequest",
                    ("201", "The new trust, with its id.", "Trust"), ("400", "No name.", "Error")),
            },
            ["/v1/trusts/{id}"] = new JsonObject
            {
                ["parameters"] = new JsonArray(TrustId()),
                ["get"] = Operation("The trust, wherever its home is. For its trustees and members.", null, ("200", "The trust.", "Trust"), ("404", "No such trust the caller is in.", "Error")),
                ["delete"] = Operation("Delete the trust: what it gave is revoked on every node. Trustees only.", null, ("204", "Deleted.", null),
                    ("403", "The caller is a member, not a trustee.", "Error"), ("404", "No such trust the caller is in.", "Error")),
            },
            ["/v1/trusts/{id}/members"] = new JsonObject
            {
                ["parameters"] = new JsonArray(TrustId()),
                ["post"] = Operation("Add a principal as a member or a trustee. Trustees only.", "TrustMemberRequest", ("200", "The trust.", "Trust"),
                    ("400", "A principal or role that does not parse.", "Error"), ("403", "The caller is not a trustee.", "Error"), ("404", "No such trust the caller is in.", "Error")),
            },
            ["/v1/trusts/{id}/members/{principal}"] = new JsonObject
            {
                ["parameters"] = new JsonArray(TrustId(), PathParameter("principal", "username@node name")),
                ["delete"] = Operation("Remove a member or trustee (not the last trustee). Trustees only.", null, ("200", "The trust.", "Trust"),
                    ("403", "The caller is not a trustee.", "Error"), ("404", "No such trust, or the principal is not in it.", "Error")),
            },
            ["/v1/trusts/{id}/objects"] = new JsonObject
            {
                ["parameters"] = new JsonArray(TrustId()),
                ["post"] = Operation("Link an object of any member node. Trustees only; the object's node approves it: the caller needs MANAGE there and gives only " +
                    "capabilities it holds.", "TrustObjectRequest", ("200", "The trust.", "Trust"), ("400", "A bad body, or a node sharing no domain.", "Error"),
                    ("403", "The caller is not a trustee, or lacks MANAGE or a capability on the object.", "Error"),
                    ("404", "No such trust, or no such object the caller may discover.", "Error"), ("503", "The object's node did not answer.", "Error")),
            },
            ["/v1/trusts/{id}/objects/{objectId}"] = new JsonObject
            {
                ["parameters"] = new JsonArray(TrustId(), PathParameter("objectId", "The linked object's id (32 hex).")),
                ["delete"] = Operation("Unlink an object: what the trust gave on it is revoked. Trustees only.", null, ("200", "The trust.", "Trust"),
                    ("403", "The caller is not a trustee.", "Error"), ("404", "No such trust, or it does not link the object.", "Error")),
            },
        };
        foreach (var (path, type) in ServableCollections.All)
        {
            paths[$"/v1/{path}"] = new JsonObject
            {
                ["get"] = Operation($"The servables of type {type} on which the caller holds at least one capability, on this node and on every member of its domains " +
                    "(DISCOVER alone shows id and type); the members that did not answer within 2 s are named in unreachable.", null,
                    ("200", $"The servables of type {type}.", "ServableList")),
                ["post"] = Operation($"Create a servable of type {type} on this node, owned by the caller.", "ServableRequest",
                    ("201", "The new servable, with its id.", "Servable"), ("400", "A bad name or body.", "Error"), ("409", "The name is taken.", "Error")),
            };
            paths[$"/v1/{path}/{{id}}"] = new JsonObject
            {
                ["parameters"] = new JsonArray(PathParameter("id", "The servable's id (32 hex).")),
                ["get"] = Operation($"Everything about a servable of type {type}. Needs READ.", null, ("200", "The servable.", "Servable"), ("403", "The caller lacks READ.", "Error"),
                    ("404", "No such servable the caller may discover.", "Error")),
                ["patch"] = Operation("Change a servable's description, tags or Service. Needs UPDATE.", "ServableRequest", ("200", "The servable.", "Servable"),
                    ("400", "A bad body.", "Error"), ("403", "The caller lacks UPDATE.", "Error"), ("404", "No such servable the caller may discover.", "Error")),
                ["delete"] = Operation($"Delete a servable of type {type}. Needs DELETE.", null, ("204", "Deleted.", null), ("403", "The caller lacks DELETE.", "Error"),
                    ("404", "No such servable the caller may discover.", "Error")),
            };
        }
        return new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject
            {
                ["title"] = "DTaaS node API",
                ["version"] = "v1",
                ["description"] = "Users, servables, their capabilities and trusts on one DTaaS node. Log in, then send Authorization: Bearer <access_token>. " +
                    "Every refusal is {\"error\": \"...\"}; a call without a valid token is 401; a request body above 1 MiB is 413, unread.",
            },
            ["security"] = new JsonArray(new JsonObject { ["bearer"] = new JsonArray() }),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject { ["bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer" } },
                ["schemas"] = Schemas(),
            },
        };
    }

    private static JsonObject Operation(string summary, string? request, params (string Status, string Description, string? Schema)[] responses) =>
        Operation(summary, request, responses, authenticated: true);

    private static JsonObject Operation(string summary, string? request, (string Status, string Description, string? Schema)[] responses, bool authenticated)
    {
        var answers = new JsonObject();
        foreach (var (status, description, schema) in responses)
        {
            answers[status] = Response(description, schema);
        }
        if (authenticated)
        {
            answers["401"] = Response("No token, or an unknown, expired or logged out one, or one issued before its user's password changed.", "Error");
        }
        if (request is not null)
        {
            answers["413"] = Response("The body is above 1 MiB (it is not read).", "Error");
        }
        var operation = new JsonObject { ["summary"] = summary, ["responses"] = answers };
        if (request is not null)
        {
            operation["requestBody"] = new JsonObject { ["required"] = true, ["content"] = Json(request) };
        }
        if (!authenticated)
        {
            operation["security"] = new JsonArray();
        }
        return operation;
    }

    private static JsonObject Response(string description, string? schema) =>
        schema is null ? new JsonObject { ["description"] = description } : new JsonObject { ["description"] = description, ["content"] = Json(schema) };

    private static JsonObject Json(string schema) =>
        new() { ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = $"#/components/schemas/{schema}" } } };

    private static JsonObject TrustId() => PathParameter("id", "The trust's id (32 hex).");

    private static JsonObject PathParameter(string name, string description) =>
        new() { ["name"] = name, ["in"] = "path", ["required"] = true, ["description"] = description, ["schema"] = String() };

    private static JsonObject Schemas()
    {
        var capability = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray([.. Capabilities.Names(Capability.All).Select(n => (JsonNode)n)]) };
        var capabilities = new JsonObject { ["type"] = "array", ["items"] = capability };
        var selector = Object(("name", String()), ("port", new JsonObject { ["description"] = "A port number or name; absent: the Service's first port." }));
        var grant = Object(("principal", String()), ("capabilities", capabilities.DeepClone()), ("grantedBy", String()));
        var user = Object(("username", String()), ("principal", String()), ("node", String()), ("nodeId", String()), ("id", String()));
        var servable = Object(("id", String()), ("type", String()), ("capabilities", capabilities.DeepClone()), ("name", String()), ("node", String()),
            ("owner", String()), ("uri", String()), ("status", String()), ("message", String()), ("description", String()), ("tags", Strings()),
            ("serviceSelector", selector.DeepClone()), ("grants", new JsonObject { ["type"] = "array", ["items"] = grant }));
        return new JsonObject
        {
            ["Error"] = Object(("error", String())),
            ["LoginRequest"] = Object(("username", String()), ("password", String())),
            ["LoginResponse"] = Object(("access_token", String()), ("token_type", String()), ("expires_in", new JsonObject { ["type"] = "integer" }),
                ("user", Ref("User"))),
            ["User"] = user,
            ["UserList"] = Object(("items", new JsonObject { ["type"] = "array", ["items"] = Ref("User") })),
            ["Servable"] = servable,
            ["ServableList"] = Object(("items", new JsonObject { ["type"] = "array", ["items"] = Ref("Servable") }), ("unreachable", Strings())),
            ["ServableRequest"] = Object(("name", String()), ("serviceSelector", selector), ("description", String()), ("tags", Strings())),
            ["GrantRequest"] = Object(("principal", String()), ("capabilities", capabilities.DeepClone())),
            ["Trust"] = Object(("id", String()), ("name", String()), ("node", String()), ("trustees", Strings()), ("members", Strings()),
                ("objects", new JsonObject { ["type"] = "array", ["items"] = Object(("node", String()), ("id", String()), ("capabilities", capabilities.DeepClone())) }),
                ("version", new JsonObject { ["type"] = "integer" })),
            ["TrustList"] = Object(("items", new JsonObject { ["type"] = "array", ["items"] = Ref("Trust") }), ("unreachable", Strings())),
            ["TrustRequest"] = Object(("name", String())),
            ["TrustMemberRequest"] = Object(("principal", String()), ("role", new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("member", "trustee") })),
            ["TrustObjectRequest"] = Object(("id", String()), ("node", String()), ("capabilities", capabilities)),
        };
    }

    private static JsonObject Object(params (string Name, JsonNode Schema)[] properties)
    {
        var all = new JsonObject();
        foreach (var (name, schema) in properties)
        {
            all[name] = schema;
        }
        return new JsonObject { ["type"] = "object", ["properties"] = all };
    }

    private static JsonObject Ref(string schema) => new() { ["$ref"] = $"#/components/schemas/{schema}" };

    private static JsonObject String() => new() { ["type"] = "string" };

    private static JsonObject Strings() => new() { ["type"] = "array", ["items"] = String() };
}
