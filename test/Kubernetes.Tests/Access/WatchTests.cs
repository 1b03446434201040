using System.Net;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Kubernetes.Access;
using Microsoft.AspNetCore.Http;

namespace Dtaas.Kubernetes.Tests.Access;

public sealed class WatchTests
{
    private static string Event(string type, string name, int version, string extra = "") =>
        $$"""{"type":"{{type}}","object":{"apiVersion":"sid.sightlineinnovation.com/v1","kind":"dtDomain","metadata":{"name":"{{name}}","namespace":"node0","resourceVersion":"{{version}}"}{{extra}}""" + "}}\n";

    private static async Task WriteLineAsync(HttpContext context, string line)
    {
        await context.Response.WriteAsync(line, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    [Fact]
    public async Task Events_stream_one_by_one_as_the_server_sends_them_including_bookmarks()
    {
        var firstReceived = new TaskCompletionSource();
        await using var server = await FakeApiServer.StartAsync(async (context, _) =>
        {
            context.Response.ContentType = "application/json";
            await WriteLineAsync(context, Event("ADDED", "a", 6));
            // The rest only after the client has seen the first: proves it reads a stream, not a whole body.
            await firstReceived.Task.WaitAsync(context.RequestAborted);
            await WriteLineAsync(context, Event("MODIFIED", "a", 7, ""","status":"Ready","inviteToken":"t" """));
            await WriteLineAsync(context, """{"type":"BOOKMARK","object":{"kind":"dtDomain","apiVersion":"sid.sightlineinnovation.com/v1","metadata":{"resourceVersion":"12"}}}""" + "\n");
            await WriteLineAsync(context, Event("DELETED", "a", 13));
        });
        using var client = server.CreateClient();

        var events = new List<WatchEvent<DtDomain>>();
        await foreach (var watchEvent in client.WatchAsync<DtDomain>("node0", new ListOptions { ResourceVersion = "5", LabelSelector = "team=x", TimeoutSeconds = 30 }))
        {
            events.Add(watchEvent);
            firstReceived.TrySetResult();
        }

        Assert.Equal([WatchEventType.Added, WatchEventType.Modified, WatchEventType.Bookmark, WatchEventType.Deleted], events.Select(e => e.Type));
        Assert.Equal(["6", "7", "12", "13"], events.Select(e => e.Object.Metadata.ResourceVersion));
        Assert.Equal(DtDomainStatus.Ready, events[1].Object.Status);
        Assert.Equal(
            "/apis/sid.sightlineinnovation.com/v1/namespaces/node0/dtdomains?allowWatchBookmarks=true&labelSelector=team%3Dx&resourceVersion=5&timeoutSeconds=30&watch=true",
            Assert.Single(server.Requests).PathAndQuery);
    }

    [Fact]
    public async Task A_too_old_resource_version_surfaces_as_Gone_whether_as_an_ERROR_event_or_a_410_response()
    {
        await using var server = await FakeApiServer.StartAsync(async (context, request) =>
        {
            const string expired = """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version: 5 (40)","reason":"Expired","code":410}""";
            if (request.PathAndQuery.Contains("dtdomains", StringComparison.Ordinal))
            {
                await WriteLineAsync(context, $$"""{"type":"ERROR","object":{{expired}}}""" + "\n");
            }
            else
            {
                await FakeApiServer.WriteJsonAsync(context, 410, expired);
            }
        });
        using var client = server.CreateClient();

        var fromEvent = await Assert.ThrowsAsync<KubernetesGoneException>(() => DrainAsync(client.WatchAsync<DtDomain>("node0", new ListOptions { ResourceVersion = "5" })));
        var fromResponse = await Assert.ThrowsAsync<KubernetesGoneException>(() => DrainAsync(client.WatchAsync<DtApp>(null, new ListOptions { ResourceVersion = "5" })));

        Assert.Equal("too old resource version: 5 (40)", fromEvent.Message);
        Assert.Equal("Expired", fromEvent.Reason);
        Assert.Equal(HttpStatusCode.Gone, fromResponse.StatusCode);
        Assert.Equal("/apis/sid.sightlineinnovation.com/v1/dtapps?allowWatchBookmarks=true&resourceVersion=5&watch=true", server.Requests.Last().PathAndQuery);
    }

    [Fact]
    public async Task Other_ERROR_events_end_the_watch_with_the_servers_message()
    {
        await using var server = await FakeApiServer.StartAsync((context, _) => WriteLineAsync(context,
            """{"type":"ERROR","object":{"kind":"Status","status":"Failure","message":"etcd is unhappy","reason":"InternalError","code":500}}""" + "\n"));
        using var client = server.CreateClient();

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => DrainAsync(client.WatchAsync<V1Service>("node0")));

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal("etcd is unhappy", error.Message);
    }

    [Fact]
    public async Task Cancelling_ends_a_watch_that_is_waiting_for_its_next_event()
    {
        var serverSawAbort = new TaskCompletionSource();
        await using var server = await FakeApiServer.StartAsync(async (context, _) =>
        {
            context.RequestAborted.Register(() => serverSawAbort.TrySetResult());
            await WriteLineAsync(context, Event("ADDED", "a", 6));
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        using var client = server.CreateClient(requestTimeout: TimeSpan.FromMilliseconds(100));
        using var cancellation = new CancellationTokenSource();

        var received = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in client.WatchAsync<DtDomain>("node0", cancellationToken: cancellation.Token))
            {
                received++;
                // Past the request timeout: a watch is not limited by it.
                await Task.Delay(300);
                cancellation.CancelAfter(50);
            }
        });

        Assert.Equal(1, received);
        await serverSawAbort.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static async Task DrainAsync<T>(IAsyncEnumerable<T> events)
    {
        await foreach (var _ in events)
        {
        }
    }
}
