using Dtaas.TestSupport;
using System.Text.Json;

namespace Dtaas.ApiServer.Tests;

/// <summary>
/// --api-audit-log: one JSON line per resource request with the verb a Role must grant (RBAC's names), the resource
/// and who asked; what the deployment's least-privilege Role is derived from.
/// </summary>
public sealed class AuditLogTests
{
    [Fact]
    public async Task Every_resource_request_is_one_line_with_the_rbac_verb_the_resource_and_the_user_agent()
    {
        var log = Path.Combine(Path.GetTempPath(), $"dtaas-audit-{Guid.NewGuid():N}.log");
        try
        {
            await using (var server = await TestServer.StartAsync(auditLog: log))
            {
                var kubectl = server.Kubectl;
                async Task Succeeds(params string[] args)
                {
                    var result = await kubectl.RunAsync(args);
                    Assert.True(result.ExitCode == 0, result.ToString());
                }
                var manifest = Path.Combine(server.Root, "secret.yaml");
                await File.WriteAllTextAsync(manifest, "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  a: b\n");
                await Succeeds("create", "-f", manifest);
                await Succeeds("get", "secret", "s");
                await Succeeds("get", "secrets");
                await Succeeds("label", "secret", "s", "x=y");
                await Succeeds("delete", "secret", "s");
                using var http = server.CreateHttpClient();
                using var watch = await http.GetAsync("/api/v1/namespaces/node0/secrets?watch=true&timeoutSeconds=1", HttpCompletionOption.ResponseHeadersRead);
                Assert.True(watch.IsSuccessStatusCode);
            }

            var entries = File.ReadAllLines(log).Select(line => JsonDocument.Parse(line).RootElement)
                .Where(e => e.GetProperty("resource").GetString() == "secrets").ToList();
            var verbs = entries.Select(e => e.GetProperty("verb").GetString()).ToHashSet();
            Assert.Equal(["create", "delete", "get", "list", "patch", "watch"], verbs.Order(StringComparer.Ordinal));
            Assert.All(entries, e => Assert.Equal("node0", e.GetProperty("namespace").GetString()));
            Assert.Contains(entries, e => e.GetProperty("userAgent").GetString()!.StartsWith("kubectl/", StringComparison.Ordinal));
            Assert.Contains(entries, e => e.GetProperty("verb").GetString() == "get" && e.GetProperty("name").GetString() == "s");
        }
        finally
        {
            File.Delete(log);
        }
    }
}
