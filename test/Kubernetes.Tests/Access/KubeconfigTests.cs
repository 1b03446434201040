using System.Text;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Kubernetes.Access;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Dtaas.Kubernetes.Tests.Access;

/// <summary>A kubeconfig (as --kubeconfig or the standalone API writes it) configures the client through the library.</summary>
public sealed class KubeconfigTests : IDisposable
{
    private const string Domain = """{"apiVersion":"sid.sightlineinnovation.com/v1","kind":"dtDomain","metadata":{"name":"mydomain","namespace":"node0"}}""";

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Token_user_of_the_current_context_with_its_namespace()
    {
        await using var server = await FakeApiServer.StartAsync((context, _) => FakeApiServer.WriteJsonAsync(context, 200, Domain));
        var path = _directory.Write("kubeconfig", $$"""
            apiVersion: v1
            kind: Config
            current-context: dtaas
            clusters:
            - name: other
              cluster: {server: "https://10.0.0.1:6443"}
            - name: standalone
              cluster: {server: "{{server.BaseAddress}}"}
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

        using var client = KubernetesApiClient.FromKubeconfig(path);
        await client.GetAsync<DtDomain>("mydomain", client.DefaultNamespace);

        Assert.Equal("node0", client.DefaultNamespace);
        var request = Assert.Single(server.Requests);
        Assert.Equal("Bearer s3cret", request.Authorization);
        Assert.Equal("/apis/sid.sightlineinnovation.com/v1/namespaces/node0/dtdomains/mydomain", request.PathAndQuery);
    }

    [Fact]
    public async Task Client_certificate_user_authenticates_over_TLS_to_a_server_that_requires_it()
    {
        using var certificates = new TestCertificates();
        await using var server = await FakeApiServer.StartAsync(
            (context, request) => FakeApiServer.WriteJsonAsync(context, 200, Domain),
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

        using var client = KubernetesApiClient.FromKubeconfig(path);
        var domain = await client.GetAsync<DtDomain>("mydomain", "node0");

        Assert.Equal("mydomain", domain.Metadata.Name);
        Assert.Equal("default", client.DefaultNamespace);
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
        var path = _directory.Write("kubeconfig", $"""
            current-context: c
            clusters: [{"{"}name: c, cluster: {"{"}server: "{server.BaseAddress}", certificate-authority-data: {Base64(trusted.AuthorityPem)}{"}"}{"}"}]
            contexts: [{"{"}name: c, context: {"{"}cluster: c, user: u{"}"}{"}"}]
            users: [{"{"}name: u, user: {"{"}token: t{"}"}{"}"}]
            """);
        using var client = KubernetesApiClient.FromKubeconfig(path);

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
