using System.Net;
using Dtaas.TestSupport;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Dtaas.Kubernetes.Tests.OfficialClient;

/// <summary>
/// The official .NET client (KubernetesClient), configured from the kubeconfig the standalone API writes, drives
/// that API: what the library sends and expects (content types, Status bodies) must be served.
/// </summary>
public sealed class OfficialClientTests
{
    private static IKubernetes Connect(TestServer server) =>
        new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(server.Server.KubeconfigPath));

    [Fact]
    public async Task Secrets_are_created_read_replaced_and_deleted_through_the_library()
    {
        await using var server = await TestServer.StartAsync();
        using var client = Connect(server);

        var created = await client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret { Metadata = new V1ObjectMeta { Name = "s1" }, StringData = new Dictionary<string, string> { ["k"] = "v" } }, "node0");
        Assert.False(string.IsNullOrEmpty(created.Metadata.ResourceVersion));

        var read = await client.CoreV1.ReadNamespacedSecretAsync("s1", "node0");
        Assert.Equal("v", System.Text.Encoding.UTF8.GetString(read.Data["k"]));

        read.Metadata.Labels = new Dictionary<string, string> { ["app"] = "x" };
        var replaced = await client.CoreV1.ReplaceNamespacedSecretAsync(read, "s1", "node0");
        Assert.Equal("x", replaced.Metadata.Labels["app"]);

        await client.CoreV1.DeleteNamespacedSecretAsync("s1", "node0");
        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReadNamespacedSecretAsync("s1", "node0"));
        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
        Assert.Contains("\"kind\":\"Status\"", missing.Response.Content.Replace(" ", ""), StringComparison.Ordinal);
        Assert.Contains("s1", KubernetesJson.Deserialize<V1Status>(missing.Response.Content).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stale_replace_gets_409_with_a_Status_the_library_can_read()
    {
        await using var server = await TestServer.StartAsync();
        using var client = Connect(server);
        var first = await client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "s2" } }, "node0");
        first.Metadata.Labels = new Dictionary<string, string> { ["n"] = "1" };
        await client.CoreV1.ReplaceNamespacedSecretAsync(first, "s2", "node0");

        first.Metadata.Labels = new Dictionary<string, string> { ["n"] = "2" };
        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReplaceNamespacedSecretAsync(first, "s2", "node0"));
        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);
        var status = KubernetesJson.Deserialize<V1Status>(conflict.Response.Content);
        Assert.Equal("Conflict", status.Reason);
        Assert.False(string.IsNullOrEmpty(status.Message));
    }

    [Fact]
    public async Task The_library_watch_delivers_an_added_object_with_bookmarks_allowed()
    {
        await using var server = await TestServer.StartAsync();
        using var client = Connect(server);
        var list = await client.CoreV1.ListNamespacedSecretAsync("node0");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var errors = new List<Exception>();
        var watching = Task.Run(async () =>
        {
            await foreach (var (type, secret) in client.CoreV1.WatchListNamespacedSecretAsync("node0", allowWatchBookmarks: true,
                resourceVersion: list.Metadata.ResourceVersion, onError: errors.Add, cancellationToken: timeout.Token))
            {
                if (type == WatchEventType.Added)
                {
                    return secret.Metadata.Name;
                }
            }
            return null;
        });
        await client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "watched" } }, "node0");
        Assert.Equal("watched", await watching);
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData(V1Patch.PatchType.MergePatch, "{\"metadata\":{\"labels\":{\"tier\":\"a\"}}}")]
    [InlineData(V1Patch.PatchType.JsonPatch, "[{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":{\"tier\":\"a\"}}]")]
    public async Task A_dt_kind_is_created_and_patched_as_a_custom_object(V1Patch.PatchType type, string patch)
    {
        await using var server = await TestServer.StartAsync();
        using var client = Connect(server);
        const string group = "sid.sightlineinnovation.com";
        var domain = System.Text.Json.JsonDocument.Parse(
            "{\"apiVersion\":\"sid.sightlineinnovation.com/v1\",\"kind\":\"dtDomain\",\"metadata\":{\"name\":\"d1\"}}").RootElement;
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(domain, group, "v1", "node0", "dtdomains");

        var patched = (System.Text.Json.JsonElement)await client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(patch, type), group, "v1", "node0", "dtdomains", "d1");
        Assert.Equal("a", patched.GetProperty("metadata").GetProperty("labels").GetProperty("tier").GetString());
    }
}
