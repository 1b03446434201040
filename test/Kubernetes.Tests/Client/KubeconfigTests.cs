using System.Text;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Kubernetes.Client;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Dtaas.Kubernetes.Tests.Client;

public sealed class KubeconfigTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Token_user_of_the_current_context_with_its_namespace()
    {
        var path = _directory.Write("kubeconfig", """
            apiVersion: v1
            kind: Config
            current-context: dtaas
            clusters:
            - name: other
              cluster: {server: "https://10.0.0.1:6443"}
            - name: standalone
              cluster:
                server: https://127.0.0.1:7443
                insecure-skip-tls-verify: true
            contexts:
            - name: other
              context: {cluster: other, user: nobody}
            - name: dtaas
              context: {cluster: standalone, user: admin, namespace: node0}
            users:
            - name: admin
              user: {token: s3cret}
            preferences: {}
            """);

        var configuration = KubernetesClientConfiguration.BuildFromKubeconfig(path);

        Assert.Equal(new Uri("https://127.0.0.1:7443"), configuration.Host);
        Assert.Equal("node0", configuration.Namespace);
        Assert.Equal("s3cret", configuration.AccessToken);
        Assert.True(configuration.SkipTlsVerify);
        Assert.Null(configuration.ClientCertificate);
        Assert.Null(configuration.CaCertificates);
    }

    [Fact]
    public void A_named_context_wins_over_the_current_one_and_relative_files_resolve_beside_the_kubeconfig()
    {
        using var certificates = new TestCertificates();
        _directory.Write("ca.crt", certificates.AuthorityPem);
        _directory.Write("token", "from-file\n");
        var path = _directory.Write("kubeconfig", """
            current-context: a
            clusters:
            - name: c
              cluster: {server: "https://127.0.0.1:1", certificate-authority: ca.crt}
            contexts:
            - {name: a, context: {cluster: c, user: missing}}
            - {name: b, context: {cluster: c, user: u}}
            users:
            - {name: u, user: {tokenFile: token}}
            """);

        var configuration = KubernetesClientConfiguration.BuildFromKubeconfig(path, context: "b");

        Assert.Equal(Path.Combine(_directory.Path, "token"), configuration.TokenFile);
        Assert.Equal("default", new KubernetesClient(configuration).DefaultNamespace);
        Assert.Equal(certificates.Authority.Thumbprint, Assert.Single(configuration.CaCertificates!).Thumbprint);
    }

    [Fact]
    public void Errors_name_what_is_missing()
    {
        var path = _directory.Write("kubeconfig", """
            current-context: a
            clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
            contexts: [{name: a, context: {cluster: c, user: missing}}, {name: e, context: {cluster: c, user: plugin}}]
            users: [{name: plugin, user: {exec: {command: aws}}}]
            """);

        Assert.Contains("'missing'", Assert.Throws<InvalidOperationException>(() => KubernetesClientConfiguration.BuildFromKubeconfig(path)).Message);
        Assert.Contains("'nope'", Assert.Throws<InvalidOperationException>(() => KubernetesClientConfiguration.BuildFromKubeconfig(path, "nope")).Message);
        Assert.Contains("credential plugin", Assert.Throws<NotSupportedException>(() => KubernetesClientConfiguration.BuildFromKubeconfig(path, "e")).Message);
    }

    [Fact]
    public async Task Client_certificate_user_authenticates_over_TLS_to_a_server_that_requires_it()
    {
        using var certificates = new TestCertificates();
        await using var server = await FakeApiServer.StartAsync(
            (context, request) => FakeApiServer.WriteJsonAsync(context, 200, """{"apiVersion":"sid.sightlineinnovation.com/v1","kind":"dtDomain","metadata":{"name":"mydomain","namespace":"node0"}}"""),
            https => RequireClientCertificates(https, certificates));
        var path = _directory.Write("kubeconfig", $"""
            current-context: dtaas
            clusters:
            - name: standalone
              cluster:
                server: {server.BaseAddress}
                certificate-authority-data: {Base64(certificates.AuthorityPem)}
            contexts:
            - {"{"}name: dtaas, context: {"{"}cluster: standalone, user: admin{"}"}{"}"}
            users:
            - name: admin
              user:
                client-certificate-data: {Base64(certificates.ClientCertificatePem)}
                client-key-data: {Base64(certificates.ClientKeyPem)}
            """);

        using var client = new KubernetesClient(KubernetesClientConfiguration.BuildFromKubeconfig(path));
        var domain = await client.GetAsync<DtDomain>("mydomain", "node0");

        Assert.Equal("mydomain", domain.Metadata.Name);
        var request = Assert.Single(server.Requests);
        Assert.Equal("CN=dtaas-admin, O=system:masters", request.ClientCertificateSubject);
        Assert.Equal("HTTP/2", request.Protocol);
        Assert.Equal("", request.Authorization);
    }

    [Fact]
    public async Task A_server_certificate_from_another_authority_is_refused()
    {
        using var trusted = new TestCertificates();
        using var impostor = new TestCertificates();
        await using var server = await FakeApiServer.StartAsync(
            (context, _) => FakeApiServer.WriteJsonAsync(context, 200, "{}"),
            https => https.ServerCertificate = impostor.Server);
        var collection = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
        collection.ImportFromPem(trusted.AuthorityPem);
        using var client = new KubernetesClient(new KubernetesClientConfiguration { Host = server.BaseAddress, CaCertificates = collection });

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync<DtDomain>("x", "default"));
        Assert.Empty(server.Requests);
    }

    private static void RequireClientCertificates(HttpsConnectionAdapterOptions https, TestCertificates certificates)
    {
        https.ServerCertificate = certificates.Server;
        https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
        https.ClientCertificateValidation = (certificate, _, _) => certificates.IsIssuedByAuthority(certificate);
    }

    private static string Base64(string pem) => Convert.ToBase64String(Encoding.UTF8.GetBytes(pem));
}
