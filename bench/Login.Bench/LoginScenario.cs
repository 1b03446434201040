using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Dtaas.EndToEnd.Tests;
using Dtaas.Grains.Users;
using Dtaas.Kubernetes.Bench;
using Dtaas.TestSupport;

namespace Dtaas.Login.Bench;

/// <summary>
/// POST /v1/login on a standalone silo: an honest user logging in one login after another from 127.0.0.4, alone, then
/// while guessers hammer the gateway with wrong passwords (from one address; from 100 addresses, each blocked after its
/// five), and a known against an unknown username's wrong login. Loopback addresses are the sources.
/// </summary>
public sealed class LoginScenario(SiloProcess silo, Kubectl kubectl, string root)
{
    private const string Password = "correct horse battery staple";

    public async Task RunAsync(int logins, int guessers, TextWriter output)
    {
        await UserAsync();
        using var honest = From(IPAddress.Parse("127.0.0.4"));
        await HonestAsync(honest, 5); // warm-up: JIT, connections, the user grain

        var alone = await HonestAsync(honest, logins);
        var (oneSource, oneGuesses) = await UnderAttackAsync(honest, logins, guessers, _ => "127.0.0.3");
        var (manySources, manyGuesses) = await UnderAttackAsync(honest, logins, guessers, i => $"127.0.1.{10 + i % 100}");
        output.WriteLine("| honest user's login | p50 ms | p90 ms | p99 ms | max ms | p50 / alone | p99 / alone | guesses answered (401 / 429) |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---|");
        output.WriteLine($"| alone | {alone.Cells} | 1.00 | 1.00 | |");
        output.WriteLine($"| while {guessers} guessers from one address try at full speed | {oneSource.Cells} | {Ratio(oneSource, alone, 0.5)} | {Ratio(oneSource, alone, 0.99)} | {oneGuesses} |");
        output.WriteLine($"| while {guessers} guessers from 100 addresses try at full speed | {manySources.Cells} | {Ratio(manySources, alone, 0.5)} | {Ratio(manySources, alone, 0.99)} | {manyGuesses} |");

        // A token's check: GET /v1/whoami for 3 s, one at a time; at most once a second it reads the user's Secret (a GET on the API).
        var whoami = await WhoamiAsync(honest, TimeSpan.FromSeconds(3));
        output.WriteLine();
        output.WriteLine("| token check | requests | p50 ms | p90 ms | p99 ms | max ms |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|");
        output.WriteLine($"| GET /v1/whoami (the Secret looked at once a second) | {whoami.Count} | {whoami.Cells} |");

        // A wrong password for a user that exists against one that does not: 4 each from fresh addresses (below the limit).
        var known = new List<long>();
        var unknown = new List<long>();
        for (var i = 0; i < logins / 4; i++)
        {
            using var a = From(IPAddress.Parse($"127.0.2.{10 + i}"));
            using var b = From(IPAddress.Parse($"127.0.3.{10 + i}"));
            for (var j = 0; j < 4; j++)
            {
                known.Add((await LoginAsync(a, "alice", "wrong")).Ticks);
                unknown.Add((await LoginAsync(b, "nobody", "wrong")).Ticks);
            }
        }
        output.WriteLine();
        output.WriteLine("| wrong login (401) | p50 ms | p90 ms | p99 ms | max ms |");
        output.WriteLine("|---|---:|---:|---:|---:|");
        output.WriteLine($"| known user alice | {new Latencies(known).Cells} |");
        output.WriteLine($"| unknown user | {new Latencies(unknown).Cells} |");
    }

    private static async Task<Latencies> WhoamiAsync(HttpClient client, TimeSpan duration)
    {
        using var login = await client.PostAsync("/v1/login",
            new StringContent($$"""{"username":"alice","password":"{{Password}}"}""", Encoding.UTF8, "application/json"));
        var token = System.Text.Json.Nodes.JsonNode.Parse(await login.Content.ReadAsStringAsync())!["access_token"]!.GetValue<string>();
        var ticks = new List<long>();
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/whoami");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            var started = Stopwatch.GetTimestamp();
            using var response = await client.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"whoami answered {response.StatusCode}");
            }
            ticks.Add(Stopwatch.GetTimestamp() - started);
        }
        return new Latencies(ticks);
    }

    private static string Ratio(Latencies measured, Latencies baseline, double p) => (measured.Percentile(p) / baseline.Percentile(p)).ToString("0.00");

    private async Task<(Latencies Honest, string Guesses)> UnderAttackAsync(HttpClient honest, int logins, int guessers, Func<int, string> sourceOf)
    {
        using var stop = new CancellationTokenSource();
        var counts = new int[2];
        var attack = Enumerable.Range(0, guessers).Select(g => Task.Run(async () =>
        {
            var clients = new Dictionary<string, HttpClient>();
            try
            {
                for (var i = g; !stop.IsCancellationRequested; i += guessers)
                {
                    var source = sourceOf(i);
                    if (!clients.TryGetValue(source, out var client))
                    {
                        clients[source] = client = From(IPAddress.Parse(source));
                    }
                    var (status, _) = await LoginAsync(client, "alice", $"guess{i}");
                    Interlocked.Increment(ref counts[status == HttpStatusCode.TooManyRequests ? 1 : 0]);
                }
            }
            finally
            {
                foreach (var client in clients.Values)
                {
                    client.Dispose();
                }
            }
        })).ToList();
        await Task.Delay(TimeSpan.FromSeconds(1)); // the attack under way
        var measured = await HonestAsync(honest, logins);
        await stop.CancelAsync();
        await Task.WhenAll(attack);
        return (measured, $"{counts[0]} / {counts[1]}");
    }

    private static async Task<Latencies> HonestAsync(HttpClient client, int logins)
    {
        var ticks = new List<long>();
        for (var i = 0; i < logins; i++)
        {
            var (status, elapsed) = await LoginAsync(client, "alice", Password);
            if (status != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"the honest login answered {status}");
            }
            ticks.Add(elapsed);
        }
        return new Latencies(ticks);
    }

    private static async Task<(HttpStatusCode Status, long Ticks)> LoginAsync(HttpClient client, string username, string password)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await client.PostAsync("/v1/login",
            new StringContent($$"""{"username":"{{username}}","password":"{{password}}"}""", Encoding.UTF8, "application/json"));
        await response.Content.ReadAsByteArrayAsync();
        return (response.StatusCode, Stopwatch.GetTimestamp() - started);
    }

    private HttpClient From(IPAddress source) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(context.DnsEndPoint, ct);
            return new NetworkStream(socket, ownsSocket: true);
        },
    })
    { BaseAddress = new Uri($"http://127.0.0.1:{silo.GatewayPort}") };

    private async Task UserAsync()
    {
        var path = Path.Combine(root, "alice.yaml");
        await File.WriteAllTextAsync(path, $"""
            apiVersion: v1
            kind: Secret
            metadata:
              name: alice-password
            stringData:
              passwordHash: '{Argon2idHash.Create(Password, Argon2idHash.Recommended)}'
            ---
            apiVersion: sid.sightlineinnovation.com/v1
            kind: dtUser
            metadata:
              name: alice
            spec:
              passwordSecretRef:
                name: alice-password
                key: passwordHash

            """);
        var apply = await kubectl.RunAsync("apply", "-f", path);
        if (apply.ExitCode != 0)
        {
            throw new InvalidOperationException(apply.ToString());
        }
        await Eventually.Until(async () => (await kubectl.RunAsync("get", "dtuser", "alice", "-o", "jsonpath={.status}")).Stdout, s => s == "Ready",
            TimeSpan.FromSeconds(30), "dtUser alice Ready");
    }
}
