using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Dtaas.ApiServer;

/// <summary>
/// The verbs' semantics, independent of HTTP: create (generateName, uid, timestamps, generation),
/// update (409 on a stale resourceVersion), patch, delete with finalizers and deletionTimestamp.
/// </summary>
internal sealed class ResourceOperations(ObjectStore store, ResourceRegistry registry, TimeProvider time, ILogger logger)
{
    private static readonly string[] ServerOwnedMetadata =
        ["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "selfLink"];

    private static readonly string[] ProtectedNamespaces = ["default", "kube-system", "kube-public"];

    public StoredObject Get(ResourceType type, string ns, string name) =>
        store.Get(Key(type, ns, name)) ?? throw StatusErrors.NotFound(type, name);

    /// <summary>Creates the namespace if it does not exist (server bootstrap).</summary>
    public async Task EnsureNamespaceAsync(string name, CancellationToken cancellationToken)
    {
        if (store.Get(Key(registry.Namespaces, "", name)) is null)
        {
            var obj = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = name } };
            await CreateAsync(registry.Namespaces, "", obj, WriteOptions.Default, cancellationToken);
            logger.LogInformation("Created namespace {Namespace}", name);
        }
    }

    public async Task<WriteResult> CreateAsync(ResourceType type, string ns, JsonObject obj, WriteOptions options, CancellationToken cancellationToken)
    {
        CheckKind(type, obj);
        var metadata = Metadata(obj);
        if (type.Namespaced)
        {
            if ((string?)metadata["namespace"] is { Length: > 0 } bodyNs && bodyNs != ns)
            {
                throw StatusErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }
            if (store.Get(Key(registry.Namespaces, "", ns)) is null)
            {
                throw StatusErrors.NamespaceNotFound(ns);
            }
        }
        if (string.IsNullOrEmpty((string?)metadata["name"]) && (string?)metadata["generateName"] is { Length: > 0 } prefix)
        {
            metadata["name"] = prefix + RandomSuffix();
        }
        var name = (string?)metadata["name"] ?? "";
        PrepareNew(type, ns, obj);
        var warnings = ObjectAdmission.Admit(type, obj, options.Validation);
        var outcome = await store.WriteAsync(Key(type, ns, name),
            current => current is null ? new WriteDecision.Put(obj) : throw StatusErrors.AlreadyExists(type, name),
            options.DryRun, cancellationToken);
        return new WriteResult(outcome, warnings);
    }

    public async Task<WriteResult> UpdateAsync(ResourceType type, string ns, string name, JsonObject obj, WriteOptions options, CancellationToken cancellationToken)
    {
        CheckKind(type, obj);
        var bodyName = (string?)Metadata(obj)["name"];
        if (bodyName is not null && bodyName != name)
        {
            throw StatusErrors.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }
        Metadata(obj)["name"] = name;
        IReadOnlyList<string> warnings = [];
        var outcome = await store.WriteAsync(Key(type, ns, name), current =>
        {
            if (current is null)
            {
                throw StatusErrors.NotFound(type, name);
            }
            var sentVersion = (string?)Metadata(obj)["resourceVersion"];
            if (string.IsNullOrEmpty(sentVersion) && type.IsCustom)
            {
                // Custom resources refuse unconditional updates, like kube-apiserver does.
                throw StatusErrors.Invalid(type, name, [FieldError.Invalid("metadata.resourceVersion", "0x0", "must be specified for an update")]);
            }
            return Decide(type, ns, current, obj, options, out warnings);
        }, options.DryRun, cancellationToken);
        return new WriteResult(outcome, warnings);
    }

    public async Task<WriteResult> PatchAsync(ResourceType type, string ns, string name, string contentType, string body, WriteOptions options, CancellationToken cancellationToken)
    {
        var kind = contentType.Split(';')[0].Trim().ToLowerInvariant();
        var isApply = kind == "application/apply-patch+yaml";
        JsonNode? patch;
        try
        {
            patch = isApply ? YamlJson.Parse(body) : JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            throw StatusErrors.BadRequest($"error decoding patch: {e.Message}");
        }
        if (kind == "application/strategic-merge-patch+json" && type.IsCustom)
        {
            throw StatusErrors.UnsupportedMediaType(contentType);
        }
        IReadOnlyList<string> warnings = [];
        var outcome = await store.WriteAsync(Key(type, ns, name), current =>
        {
            if (current is null)
            {
                if (isApply && patch is JsonObject applied)
                {
                    // Server-side apply creates what does not exist yet.
                    var created = applied.DeepClone().AsObject();
                    CheckKind(type, created);
                    Metadata(created)["name"] = name;
                    PrepareNew(type, ns, created);
                    warnings = ObjectAdmission.Admit(type, created, options.Validation);
                    return new WriteDecision.Put(created);
                }
                throw StatusErrors.NotFound(type, name);
            }
            var currentObject = JsonNode.Parse(current.Json)!;
            var patched = kind switch
            {
                "application/merge-patch+json" => MergePatch.Apply(currentObject, patch),
                "application/json-patch+json" => JsonPatch.Apply(currentObject, patch),
                "application/strategic-merge-patch+json" => StrategicMergePatch.Apply(currentObject, patch),
                // Server-side apply, simplified: the applied configuration is merged over the live object.
                "application/apply-patch+yaml" => MergePatch.Apply(currentObject, patch),
                _ => throw StatusErrors.UnsupportedMediaType(contentType),
            };
            if (patched is not JsonObject patchedObject)
            {
                throw StatusErrors.BadRequest("the patch did not produce an object");
            }
            return Decide(type, ns, current, patchedObject, options, out warnings);
        }, options.DryRun, cancellationToken);
        return new WriteResult(outcome, warnings);
    }

    public async Task<WriteOutcome> DeleteAsync(ResourceType type, string ns, string name, DeletePreconditions preconditions, bool dryRun, CancellationToken cancellationToken)
    {
        if (type == registry.Namespaces && ProtectedNamespaces.Contains(name))
        {
            throw StatusErrors.Forbidden(type, name, "this namespace may not be deleted");
        }
        var outcome = await store.WriteAsync(Key(type, ns, name), current =>
        {
            if (current is null)
            {
                throw StatusErrors.NotFound(type, name);
            }
            var obj = JsonNode.Parse(current.Json)!.AsObject();
            var metadata = Metadata(obj);
            if (preconditions.ResourceVersion is { Length: > 0 } rv && rv != (string?)metadata["resourceVersion"])
            {
                throw StatusErrors.Conflict(type, name,
                    $"the ResourceVersion in the precondition ({rv}) does not match the ResourceVersion in record ({(string?)metadata["resourceVersion"]}). The object might have been modified");
            }
            if (preconditions.Uid is { Length: > 0 } uid && uid != (string?)metadata["uid"])
            {
                throw StatusErrors.Conflict(type, name,
                    $"the UID in the precondition ({uid}) does not match the UID in record ({(string?)metadata["uid"]}). The object might have been deleted and then recreated");
            }
            if (Finalizers(obj).Count == 0)
            {
                return new WriteDecision.Delete(obj);
            }
            if (metadata["deletionTimestamp"] is not null)
            {
                return new WriteDecision.Unchanged();
            }
            // Finalizers hold the object: mark it and let their owners finish and remove them.
            metadata["deletionTimestamp"] = Timestamp();
            metadata["deletionGracePeriodSeconds"] = 0;
            metadata["generation"] = ((long?)metadata["generation"] ?? 0) + 1;
            return new WriteDecision.Put(obj);
        }, dryRun, cancellationToken);
        if (type == registry.Namespaces && outcome.EventType == "DELETED" && !dryRun)
        {
            await DeleteNamespaceContentsAsync(name, cancellationToken);
        }
        return outcome;
    }

    // Shared by update and patch: carry server-owned metadata over, validate, bump generation, and
    // finish a deletion once the last finalizer is gone.
    private WriteDecision Decide(ResourceType type, string ns, StoredObject current, JsonObject incoming, WriteOptions options, out IReadOnlyList<string> warnings)
    {
        var name = current.Key.Name;
        var currentObject = JsonNode.Parse(current.Json)!.AsObject();
        var currentMeta = Metadata(currentObject);
        CheckKind(type, incoming);
        var meta = Metadata(incoming);
        var sentVersion = (string?)meta["resourceVersion"];
        if (!string.IsNullOrEmpty(sentVersion) && sentVersion != current.ResourceVersion.ToString(CultureInfo.InvariantCulture))
        {
            throw StatusErrors.StaleResourceVersion(type, name);
        }
        foreach (var field in ServerOwnedMetadata)
        {
            meta.Remove(field);
            if (currentMeta[field] is { } value)
            {
                meta[field] = value.DeepClone();
            }
        }
        meta["name"] = name;
        SetNamespace(type, ns, meta);
        warnings = ObjectAdmission.Admit(type, incoming, options.Validation);
        var updateErrors = new List<FieldError>();
        DataMapValidation.ValidateUpdate(type, currentObject, incoming, updateErrors);
        if (updateErrors.Count > 0)
        {
            throw StatusErrors.Invalid(type, name, updateErrors);
        }
        if (currentMeta["deletionTimestamp"] is not null)
        {
            var added = Finalizers(incoming).Except(Finalizers(currentObject)).ToList();
            if (added.Count > 0)
            {
                throw StatusErrors.Invalid(type, name, [FieldError.Forbidden("metadata.finalizers", $"no new finalizers can be added if the object is being deleted, found new finalizers []string{{\"{string.Join("\", \"", added)}\"}}")]);
            }
        }
        if (!JsonNode.DeepEquals(WithoutMetadata(currentObject), WithoutMetadata(incoming)))
        {
            meta["generation"] = ((long?)currentMeta["generation"] ?? 1) + 1;
        }
        meta["resourceVersion"] = currentMeta["resourceVersion"]?.DeepClone();
        if (JsonNode.DeepEquals(currentObject, incoming))
        {
            return new WriteDecision.Unchanged();
        }
        if (meta["deletionTimestamp"] is not null && Finalizers(incoming).Count == 0)
        {
            return new WriteDecision.Delete(incoming);
        }
        return new WriteDecision.Put(incoming);
    }

    private async Task DeleteNamespaceContentsAsync(string ns, CancellationToken cancellationToken)
    {
        var doomed = store.InNamespace(ns);
        foreach (var obj in doomed)
        {
            await store.WriteAsync(obj.Key,
                current => current is null ? new WriteDecision.Unchanged() : new WriteDecision.Delete(JsonNode.Parse(current.Json)!.AsObject()),
                false, cancellationToken);
        }
        logger.LogInformation("Deleted namespace {Namespace} and its {Count} objects", ns, doomed.Count);
    }

    private void PrepareNew(ResourceType type, string ns, JsonObject obj)
    {
        var metadata = Metadata(obj);
        foreach (var field in ServerOwnedMetadata.Append("resourceVersion"))
        {
            metadata.Remove(field);
        }
        SetNamespace(type, ns, metadata);
        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = Timestamp();
        metadata["generation"] = 1;
    }

    private string Timestamp() => time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void SetNamespace(ResourceType type, string ns, JsonObject metadata)
    {
        if (type.Namespaced)
        {
            metadata["namespace"] = ns;
        }
        else
        {
            metadata.Remove("namespace");
        }
    }

    private static void CheckKind(ResourceType type, JsonObject obj)
    {
        var apiVersion = (string?)obj["apiVersion"];
        var kind = (string?)obj["kind"];
        if ((apiVersion is { Length: > 0 } && apiVersion != type.ApiVersion) || (kind is { Length: > 0 } && kind != type.Kind))
        {
            throw StatusErrors.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({type.ApiVersion}) or kind ({kind}) does not match {type.Kind}");
        }
        obj["apiVersion"] = type.ApiVersion;
        obj["kind"] = type.Kind;
    }

    private static JsonObject Metadata(JsonObject obj)
    {
        if (obj["metadata"] is not JsonObject metadata)
        {
            metadata = new JsonObject();
            obj["metadata"] = metadata;
        }
        return metadata;
    }

    private static List<string> Finalizers(JsonObject obj) =>
        obj["metadata"]?["finalizers"] is JsonArray list ? list.Select(f => (string?)f).OfType<string>().ToList() : [];

    private static JsonObject WithoutMetadata(JsonObject obj)
    {
        var copy = new JsonObject();
        foreach (var (key, value) in obj)
        {
            if (key != "metadata")
            {
                copy[key] = value?.DeepClone();
            }
        }
        return copy;
    }

    private static ObjectKey Key(ResourceType type, string ns, string name) => new(type.StorageKey, type.Namespaced ? ns : "", name);

    // Same alphabet as apimachinery's rand.String: no vowels, no ambiguous characters.
    private static string RandomSuffix()
    {
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        return string.Create(5, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
            }
        });
    }
}
