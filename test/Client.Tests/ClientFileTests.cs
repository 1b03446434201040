using System.Net;
using System.Text.Json;

namespace Dtaas.Client.Tests;

/// <summary>
/// <c>UseDtaasNode(dataDirectory)</c> follows what client.json says about TLS, not the address it names: a gateway
/// listening on every address but advertising loopback still requires TLS (the bug: the client dialled in cleartext
/// and was refused), and a missing certificate is told before connecting.
/// </summary>
public sealed class ClientFileTests : IDisposable
{
    private const string NodeId = "0123456789abcdef0123456789abcdef";
    private readonly string _directory = Directory.CreateTempSubdirectory("dtaas-client-file-").FullName;

    public ClientFileTests() => File.WriteAllText(Path.Combine(_directory, "client-token"), "token\n");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_loopback_endpoint_that_requires_tls_loads_the_certificates()
    {
        WriteClientFile(new ClientFile("127.0.0.1:30000", NodeId, Tls: true));
        WriteCertificates();

        var options = DtaasNodeOptions.FromDataDirectory(_directory);

        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 30000), options.Endpoint);
        Assert.NotNull(options.ClientCertificate);
        Assert.NotNull(options.Authority);
        Assert.Equal("token", options.Token);
    }

    [Fact]
    public void Tls_required_without_certificates_fails_with_what_is_missing()
    {
        WriteClientFile(new ClientFile("127.0.0.1:30000", NodeId, Tls: true));

        var error = Assert.Throws<InvalidOperationException>(() => DtaasNodeOptions.FromDataDirectory(_directory));

        Assert.Contains("requires TLS", error.Message);
        Assert.Contains(Path.Combine(_directory, "sdk"), error.Message);
    }

    [Fact]
    public void A_gateway_without_tls_is_dialled_without_certificates_whatever_its_address()
    {
        WriteClientFile(new ClientFile("10.0.0.5:30000", NodeId, Tls: false));
        WriteCertificates();

        var options = DtaasNodeOptions.FromDataDirectory(_directory);

        Assert.Null(options.ClientCertificate);
    }

    [Theory]
    [InlineData("127.0.0.1:30000", false)]
    [InlineData("10.0.0.5:30000", true)]
    public void A_file_an_older_version_wrote_decides_by_the_address(string endpoint, bool tls)
    {
        File.WriteAllText(Path.Combine(_directory, ClientFile.Name), $$"""{ "endpoint": "{{endpoint}}", "nodeId": "{{NodeId}}" }""");
        WriteCertificates();

        var options = DtaasNodeOptions.FromDataDirectory(_directory);

        Assert.Equal(tls, options.ClientCertificate is not null);
    }

    [Fact]
    public void The_silo_writes_whether_tls_is_required()
    {
        var json = JsonSerializer.Serialize(new ClientFile("127.0.0.1:30000", NodeId, Tls: true), ClientJsonContext.Default.ClientFile);

        Assert.Contains("\"tls\": true", json);
    }

    private void WriteClientFile(ClientFile file) =>
        File.WriteAllBytes(Path.Combine(_directory, ClientFile.Name), JsonSerializer.SerializeToUtf8Bytes(file, ClientJsonContext.Default.ClientFile));

    private void WriteCertificates()
    {
        var sdk = Directory.CreateDirectory(Path.Combine(_directory, "sdk")).FullName;
        foreach (var (name, bytes) in SdkCertificates.Create(NodeId).Export())
        {
            File.WriteAllBytes(Path.Combine(sdk, name), bytes);
        }
    }
}
