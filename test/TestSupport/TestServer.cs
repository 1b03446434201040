using System.Net.Http.Headers;
using Dtaas.ApiServer;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dtaas.TestSupport;

/// <summary>A StandaloneApiServer on a free loopback port with its own temp data directory, removed at the end.</summary>
public sealed class TestServer : IAsyncDisposable
{
    private TestServer(string root, StandaloneApiServer server)
    {
        Root = root;
        Server = server;
    }

    public string Root { get; }
    public string DataDirectory => Path.Combine(Root, "data");
    public StandaloneApiServer Server { get; private set; }
    public Kubectl Kubectl => new(Server.KubeconfigPath, Path.Combine(Root, "home"));

    public static async Task<TestServer> StartAsync(string ns = "node0", string? auditLog = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "dtaas-apiserver-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "home"));
        try
        {
            return new TestServer(root, await StartServerAsync(Path.Combine(root, "data"), ns, auditLog));
        }
        catch
        {
            Directory.Delete(root, recursive: true);
            throw;
        }
    }

    /// <summary>Stops the server and starts a new one on the same data directory.</summary>
    public async Task RestartAsync(string ns = "node0")
    {
        await Server.DisposeAsync();
        Server = await StartServerAsync(DataDirectory, ns, auditLog: null);
    }

    /// <summary>An HTTP client that trusts the server's certificate and sends its token.</summary>
    public HttpClient CreateHttpClient(string? token = null)
    {
        var certificate = Server.Certificate;
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented is not null && presented.RawData.AsSpan().SequenceEqual(certificate.RawData),
        };
        var client = new HttpClient(handler) { BaseAddress = Server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token ?? Server.Token);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // kubectl may still be writing its cache; the temp folder is harmless.
        }
    }

    private static Task<StandaloneApiServer> StartServerAsync(string dataDirectory, string ns, string? auditLog) =>
        StandaloneApiServer.StartAsync(
            new StandaloneApiServerOptions
            {
                DataDirectory = dataDirectory, Listen = "127.0.0.1:0", Namespace = ns, BookmarkInterval = TimeSpan.FromMilliseconds(200), AuditLogPath = auditLog,
            },
            NullLoggerFactory.Instance, CancellationToken.None);
}
