using System.Reflection;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Kubernetes.Access;

namespace Dtaas.Kubernetes.Tests.Access;

/// <summary>In a pod, the service account (token, CA, namespace) and the service variables configure the client.</summary>
[Collection(nameof(InClusterCollection))]
public sealed class InClusterTests : IDisposable
{
    // The library reads the service account from /var/run/secrets/kubernetes.io/serviceaccount, a path it keeps in
    // an internal field (its own tests redirect it the same way).
    private static readonly FieldInfo ServiceAccountPath = typeof(k8s.KubernetesClientConfiguration)
        .GetField("ServiceAccountPath", BindingFlags.NonPublic | BindingFlags.Static)
        ?? throw new InvalidOperationException("KubernetesClientConfiguration.ServiceAccountPath is gone");

    private readonly TempDirectory _directory = new();
    private readonly object? _savedPath = ServiceAccountPath.GetValue(null);

    public InClusterTests() => ServiceAccountPath.SetValue(null, _directory.Path);

    public void Dispose()
    {
        ServiceAccountPath.SetValue(null, _savedPath);
        Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_HOST", null);
        Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_PORT", null);
        _directory.Dispose();
    }

    [Fact]
    public async Task In_a_pod_the_service_account_files_configure_the_client()
    {
        using var certificates = new TestCertificates();
        await using var server = await FakeApiServer.StartAsync(
            (context, _) => FakeApiServer.WriteJsonAsync(context, 200, """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s","namespace":"dtaas-system"}}"""),
            https => https.ServerCertificate = certificates.Server);
        _directory.Write("token", "sa-token");
        _directory.Write("ca.crt", certificates.AuthorityPem);
        _directory.Write("namespace", "dtaas-system\n");
        Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_HOST", "127.0.0.1");
        Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_PORT", server.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(k8s.KubernetesClientConfiguration.IsInCluster());
        using var client = KubernetesApiClient.InCluster();
        await client.GetAsync<V1Secret>("s", client.DefaultNamespace);

        Assert.Equal("dtaas-system", client.DefaultNamespace);
        var request = Assert.Single(server.Requests);
        Assert.Equal("Bearer sa-token", request.Authorization);
        Assert.Equal("/api/v1/namespaces/dtaas-system/secrets/s", request.PathAndQuery);
    }

    [Fact]
    public void Outside_a_pod_it_says_so()
    {
        Assert.False(k8s.KubernetesClientConfiguration.IsInCluster());
        _directory.Write("token", "sa-token");
        _directory.Write("ca.crt", "");
        Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_HOST", "10.96.0.1");
        Assert.False(k8s.KubernetesClientConfiguration.IsInCluster());
    }
}
