using Dtaas.TestSupport;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Kubernetes.Client;

namespace Dtaas.Kubernetes.Tests.Client;

public sealed class InClusterConfigurationTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private InClusterEnvironment Environment(string? host = "10.96.0.1", string? port = "443") => new()
    {
        ServiceHost = host,
        ServicePort = port,
        TokenPath = Path.Combine(_directory.Path, "token"),
        CaCertificatePath = Path.Combine(_directory.Path, "ca.crt"),
        NamespacePath = Path.Combine(_directory.Path, "namespace"),
    };

    [Fact]
    public void In_a_pod_the_service_account_files_configure_the_client()
    {
        using var certificates = new TestCertificates();
        _directory.Write("token", "sa-token");
        _directory.Write("ca.crt", certificates.AuthorityPem);
        _directory.Write("namespace", "dtaas-system\n");

        Assert.True(KubernetesClientConfiguration.IsInCluster(Environment()));
        var configuration = KubernetesClientConfiguration.BuildInCluster(Environment());

        Assert.Equal(new Uri("https://10.96.0.1:443"), configuration.Host);
        Assert.Equal(Path.Combine(_directory.Path, "token"), configuration.TokenFile);
        Assert.Equal("dtaas-system", configuration.Namespace);
        Assert.Equal(certificates.Authority.Thumbprint, Assert.Single(configuration.CaCertificates!).Thumbprint);
        Assert.Equal(new Uri("https://[fd00::1]:6443"), KubernetesClientConfiguration.BuildInCluster(Environment("fd00::1", "6443")).Host);
    }

    [Fact]
    public void Outside_a_pod_it_says_so()
    {
        Assert.False(KubernetesClientConfiguration.IsInCluster(Environment()));
        _directory.Write("token", "sa-token");
        Assert.False(KubernetesClientConfiguration.IsInCluster(Environment(host: null)));
        Assert.False(KubernetesClientConfiguration.IsInCluster(Environment(port: "")));
        Assert.Throws<InvalidOperationException>(() => KubernetesClientConfiguration.BuildInCluster(Environment(host: null)));
    }

    [Fact]
    public async Task A_rotated_token_file_is_read_again_within_a_minute()
    {
        var tokenPath = _directory.Write("token", "first");
        var time = new ManualTimeProvider();
        await using var server = await FakeApiServer.StartAsync((context, _) => FakeApiServer.WriteJsonAsync(context, 200, """{"metadata":{"name":"n"}}"""));
        using var client = new KubernetesClient(new KubernetesClientConfiguration { Host = server.BaseAddress, TokenFile = tokenPath }, timeProvider: time);

        await client.GetAsync<V1Namespace>("n", null);
        File.WriteAllText(tokenPath, "second");
        await client.GetAsync<V1Namespace>("n", null);
        time.Advance(TimeSpan.FromSeconds(61));
        await client.GetAsync<V1Namespace>("n", null);

        Assert.Equal(["Bearer first", "Bearer first", "Bearer second"], server.Requests.Select(r => r.Authorization));
    }
}
