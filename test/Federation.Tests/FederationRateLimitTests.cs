using System.Diagnostics;
using System.Net;
using Dtaas.Federation.Harness;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Gateway;
using Dtaas.Silo.Federation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dtaas.Federation.Tests;

/// <summary>Anyone can knock at the gateway's federation doors; one address knocking too often is slowed down, and a joiner so slowed tries again.</summary>
[Collection(FederationCollection.Name)]
public sealed class FederationRateLimitTests
{
    [Fact]
    public async Task A_flood_from_one_address_gets_429_with_retry_after_beyond_the_burst()
    {
        await using var cluster = await TestClusters.StartAsync(1);
        using var http = new HttpClient();
        var clock = Stopwatch.StartNew();
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < FederationEndpoints.Burst + 50; i++)
        {
            answers.Add(await http.PostAsync($"http://{cluster.Creator.GatewayAddress}{StandingEndpoint.Path}", new ByteArrayContent([1, 2, 3])));
        }
        var elapsed = clock.Elapsed;

        var limited = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        var served = answers.Count - limited.Count;
        Assert.NotEmpty(limited);
        Assert.All(answers.Except(limited), a => Assert.Equal(HttpStatusCode.BadRequest, a.StatusCode)); // garbage, but heard
        Assert.True(served <= FederationEndpoints.Burst + FederationEndpoints.PerSecond * (elapsed.TotalSeconds + 1),
            $"{served} served in {elapsed.TotalSeconds:0.0} s");
        Assert.All(limited, a => Assert.Equal("1", a.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        answers.ForEach(a => a.Dispose());
    }

    [Fact]
    public async Task A_join_slowed_down_by_the_rate_limit_is_retried_not_refused()
    {
        await using var limited = await KestrelListener.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), HttpProtocols.Http1, NullLoggerFactory.Instance, _ => { },
            app => app.MapPost(JoinEndpoint.Path, () => Results.Text("too many\n", statusCode: StatusCodes.Status429TooManyRequests)), CancellationToken.None);
        using var transport = new HttpJoinTransport(TimeProvider.System, TimeSpan.FromSeconds(5));
        var token = new InviteToken(Guid.NewGuid(), new string('c', 32), Bytes32.Random(), Bytes32.Random());

        var result = await transport.JoinAsync(limited.Address.Authority, token,
            new JoinRequest(new string('d', 32), "joiner.example.org", Bytes32.Random().ToBase64(), "10.0.0.2:51820"), CancellationToken.None);

        Assert.Null(result.MemberList);
        Assert.True(result.Retryable, result.Error);
        Assert.Contains("429", result.Error);
    }
}
