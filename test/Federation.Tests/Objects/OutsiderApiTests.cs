using System.Net;
using System.Net.Sockets;
using System.Text;
using Dtaas.Federation.Harness;

namespace Dtaas.Federation.Tests.Objects;

/// <summary>The /v1 API against someone who is not a user: guessing passwords (429), huge bodies (413, unread), and logout.</summary>
[Collection(FederationCollection.Name)]
public sealed class OutsiderApiTests : IAsyncLifetime
{
    private FederationCluster _cluster = null!;

    private FederationNode Node => _cluster.Creator;

    public async Task InitializeAsync() => _cluster = await TestClusters.StartAsync(1);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Five_wrong_passwords_from_an_address_get_429_with_Retry_After_there_while_the_user_logs_in_from_another()
    {
        await Node.CreateUserAsync("alice", "wonderland", default);
        using var attacker = new ApiClient(Node.GatewayUri);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await attacker.SendAsync(HttpMethod.Post, "/v1/login", $$"""{"username":"alice","password":"guess{{i}}"}""")).Status);
        }

        using var http = new HttpClient { BaseAddress = Node.GatewayUri };
        using var throttled = await http.PostAsync("/v1/login", Login("wonderland"));
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(60), throttled.Headers.RetryAfter!.Delta);
        Assert.Equal("""{"error":"too many failed logins from this address: try again in 60 s"}""", await throttled.Content.ReadAsStringAsync());

        // The gateway listens on 127.0.0.1; the same user from 127.0.0.2 is another source.
        using var elsewhere = new HttpClient(From(IPAddress.Parse("127.0.0.2"))) { BaseAddress = Node.GatewayUri };
        using var honest = await elsewhere.PostAsync("/v1/login", Login("wonderland"));
        Assert.Equal(HttpStatusCode.OK, honest.StatusCode);
    }

    [Fact]
    public async Task A_20_MB_body_declared_by_Content_Length_is_413_before_it_is_sent()
    {
        // Headers only: an answer proves the body was not waited for.
        var answer = await RawAsync($"POST /v1/login HTTP/1.1\r\nHost: node0\r\nContent-Type: application/json\r\nContent-Length: {20 * 1024 * 1024}\r\n\r\n", []);

        Assert.True(answer.StartsWith("HTTP/1.1 413"), answer);
        Assert.Contains("""{"error":"the request body is above 1048576 bytes"}""", answer);
    }

    [Fact]
    public async Task A_chunked_body_is_413_once_it_passes_1_MiB()
    {
        var chunk = Encoding.ASCII.GetBytes($"{{\"username\":\"{new string('a', 2 * 1024 * 1024)}");
        var body = Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n").Concat(chunk).Concat("\r\n"u8.ToArray()).ToArray();

        var answer = await RawAsync("POST /v1/login HTTP/1.1\r\nHost: node0\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n", body);

        Assert.True(answer.StartsWith("HTTP/1.1 413"), answer);
        Assert.Contains("""{"error":"the request body is above 1048576 bytes"}""", answer);
    }

    [Fact]
    public async Task Logout_ends_the_calling_token_only()
    {
        await Node.CreateUserAsync("alice", "wonderland", default);
        using var laptop = await ApiClient.LoginAsync(Node.GatewayUri, "alice", "wonderland");
        using var phone = await ApiClient.LoginAsync(Node.GatewayUri, "alice", "wonderland");

        Assert.Equal((HttpStatusCode.NoContent, null), await laptop.SendAsync(HttpMethod.Post, "/v1/logout"));

        Assert.Equal(HttpStatusCode.Unauthorized, (await laptop.GetAsync("/v1/whoami")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await laptop.SendAsync(HttpMethod.Post, "/v1/logout")).Status);
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/v1/whoami")).Status);
    }

    private static StringContent Login(string password) =>
        new($$"""{"username":"alice","password":"{{password}}"}""", Encoding.UTF8, "application/json");

    private static SocketsHttpHandler From(IPAddress source) => new()
    {
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(context.DnsEndPoint, ct);
            return new NetworkStream(socket, ownsSocket: true);
        },
    };

    /// <summary>Sends <paramref name="head"/> then as much of <paramref name="body"/> as the server takes, and reads the answer to its end.</summary>
    private async Task<string> RawAsync(string head, byte[] body)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(Node.GatewayUri.Host, Node.GatewayUri.Port, timeout.Token);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), timeout.Token);
        try
        {
            await stream.WriteAsync(body, timeout.Token);
        }
        catch (IOException)
        {
            // The server answered and closed before taking it all.
        }
        var answer = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                answer.Write(buffer, 0, read);
                if (Encoding.ASCII.GetString(answer.ToArray()).Contains("\"}"))
                {
                    break;
                }
            }
        }
        catch (IOException) when (answer.Length > 0)
        {
            // Reset after the answer: what was read is the answer.
        }
        return Encoding.ASCII.GetString(answer.ToArray());
    }
}
