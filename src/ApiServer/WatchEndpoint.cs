using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dtaas.ApiServer.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dtaas.ApiServer;

/// <summary>
/// Streams watch events (newline-delimited WatchEvent JSON, or length-prefixed protobuf WatchEvents for a built-in
/// kind when the client names protobuf first in Accept) from a resourceVersion, with periodic
/// BOOKMARKs when asked, 410 Expired when that version is too old, Table objects for kubectl get -w,
/// and selector-aware ADDED/DELETED when an object starts or stops matching.
/// </summary>
internal sealed class WatchEndpoint(ObjectStore store, TableConverter tables, TimeSpan bookmarkInterval, ILogger logger)
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(30);

    public async Task ServeAsync(HttpContext context, ResourceType type, string? ns, (LabelSelector Labels, FieldSelector Fields) selectors, bool asTable, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        var bookmarks = query["allowWatchBookmarks"].Any(v => v is "true" or "1");
        var timeout = long.TryParse(query["timeoutSeconds"], out var seconds) && seconds > 0 ? TimeSpan.FromSeconds(seconds) : DefaultTimeout;
        var fromText = (string?)query["resourceVersion"];
        long? from = null;
        if (!string.IsNullOrEmpty(fromText) && fromText != "0")
        {
            from = long.TryParse(fromText, NumberStyles.None, CultureInfo.InvariantCulture, out var rv) ? rv
                : throw StatusErrors.BadRequest($"invalid resource version \"{fromText}\"");
        }
        bool InScope(ChangeEvent e) => e.Key.Resource == type.StorageKey && (ns is null || e.Key.Namespace == ns);
        bool Selected(JsonNode? obj) => selectors.Labels.Matches(obj) && selectors.Fields.Matches(obj);

        IReadOnlyList<StoredObject> initial = [];
        WatchSubscription subscription;
        if (from is null)
        {
            (initial, subscription) = store.SnapshotAndSubscribe(type.StorageKey, ns, InScope);
        }
        else
        {
            subscription = store.Hub.Subscribe(InScope, from.Value);
        }
        using var _ = subscription;
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        var token = timeoutSource.Token;

        var protobuf = !asTable && ApiResponses.PrefersProtobuf(context) && ProtobufKinds.Find(type.ApiVersion, type.Kind) is not null;
        context.Response.StatusCode = 200;
        context.Response.ContentType = protobuf ? KubernetesProtobuf.WatchMediaType : ApiResponses.Json;
        await context.Response.Body.FlushAsync(token);
        logger.LogDebug("Watch {Resource} in {Namespace} from {ResourceVersion}", type.QualifiedResource, ns ?? "*", from?.ToString(CultureInfo.InvariantCulture) ?? "now");
        try
        {
            foreach (var obj in initial)
            {
                var node = JsonNode.Parse(obj.Json);
                if (Selected(node))
                {
                    await WriteAsync(context, type, "ADDED", obj.Json, node, asTable, protobuf, token);
                }
            }
            await context.Response.Body.FlushAsync(token);
            var reader = subscription.Reader;
            Task<bool>? ready = null;
            while (!token.IsCancellationRequested)
            {
                // One outstanding wait at a time: a bookmark tick must not start a second reader.
                ready ??= reader.WaitToReadAsync(token).AsTask();
                if (bookmarks)
                {
                    var tick = Task.Delay(bookmarkInterval, token);
                    if (await Task.WhenAny(ready, tick) == tick)
                    {
                        if (store.Hub.BookmarkVersion(subscription) is { } version)
                        {
                            await WriteBookmarkAsync(context, type, version, protobuf, token);
                        }
                        continue;
                    }
                }
                var more = await ready;
                ready = null;
                if (!more)
                {
                    break;
                }
                while (reader.TryRead(out var change))
                {
                    await WriteChangeAsync(context, type, change, Selected, asTable, protobuf, token);
                }
                await context.Response.Body.FlushAsync(token);
            }
        }
        catch (OperationCanceledException)
        {
            // Timeout or the client went away: a watch simply ends.
        }
        catch (InvalidOperationException e)
        {
            logger.LogInformation("Watch on {Resource} ended: {Reason}", type.QualifiedResource, e.Message);
        }
    }

    private async Task WriteChangeAsync(HttpContext context, ResourceType type, ChangeEvent change, Func<JsonNode?, bool> selected, bool asTable, bool protobuf, CancellationToken token)
    {
        var node = JsonNode.Parse(change.Json);
        var now = selected(node);
        string? eventType = change.Type switch
        {
            "ADDED" => now ? "ADDED" : null,
            "DELETED" => now ? "DELETED" : null,
            _ => (change.PreviousJson is { } prev && selected(JsonNode.Parse(prev)), now) switch
            {
                (true, true) => "MODIFIED",
                (false, true) => "ADDED",
                (true, false) => "DELETED",
                _ => null,
            },
        };
        if (eventType is not null)
        {
            await WriteAsync(context, type, eventType, change.Json, node, asTable, protobuf, token);
        }
    }

    private async Task WriteAsync(HttpContext context, ResourceType type, string eventType, string json, JsonNode? node, bool asTable, bool protobuf, CancellationToken token)
    {
        if (protobuf)
        {
            await context.Response.Body.WriteAsync(KubernetesProtobuf.WatchFrame(eventType, node!.AsObject()), token);
            return;
        }
        string line;
        if (asTable)
        {
            var table = tables.Convert(type, [node!.AsObject()], (string?)node["metadata"]?["resourceVersion"]);
            var tableNode = JsonSerializer.SerializeToNode(table, ApiJsonContext.Default.Table);
            line = JsonSerializer.Serialize(new WatchEvent(eventType, tableNode), ApiJsonContext.Default.WatchEvent);
        }
        else
        {
            // The stored JSON goes out as is: no re-serialization on the hot path.
            line = $"{{\"type\":\"{eventType}\",\"object\":{json}}}";
        }
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"), token);
    }

    private static async Task WriteBookmarkAsync(HttpContext context, ResourceType type, long version, bool protobuf, CancellationToken token)
    {
        var obj = new JsonObject
        {
            ["kind"] = type.Kind,
            ["apiVersion"] = type.ApiVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture) },
        };
        var bytes = protobuf
            ? KubernetesProtobuf.WatchFrame("BOOKMARK", obj)
            : Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new WatchEvent("BOOKMARK", obj), ApiJsonContext.Default.WatchEvent) + "\n");
        await context.Response.Body.WriteAsync(bytes, token);
        await context.Response.Body.FlushAsync(token);
    }
}
