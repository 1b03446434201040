using System.Diagnostics;
using System.Net;
using Dtaas.EndToEnd.Tests.Topology;

namespace Dtaas.App.Bench;

/// <summary>
/// A user polling an app's URI on one member's own gateway, from inside that member's namespace, with the app's Host
/// (<c>&lt;id&gt;.&lt;node&gt;</c>). One keep-alive connection, so a poll costs one request, not a TCP handshake.
/// </summary>
public sealed class GatewayProbe(NetnsSilo silo) : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);

    private readonly HttpClient _client = GatewayHttp.CreateClient(silo, TimeSpan.FromSeconds(5));

    public NetnsSilo Silo => silo;

    /// <summary>Polls <c>/echo/x</c> every <see cref="Interval"/> until it answers <paramref name="status"/>; returns the Stopwatch timestamp of that response.</summary>
    public async Task<long> WhenAnswersAsync(string appId, HttpStatusCode status, TimeSpan timeout)
    {
        var url = GatewayHttp.AppUrl(silo, appId, "/echo/x");
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        HttpStatusCode? last = null;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            try
            {
                using var response = await _client.GetAsync(url);
                long at = Stopwatch.GetTimestamp();
                last = response.StatusCode;
                if (response.StatusCode == status)
                {
                    return at;
                }
                await response.Content.LoadIntoBufferAsync(); // read the body so the connection is reused
            }
            catch (HttpRequestException)
            {
                last = null; // the gateway reset the connection: try again on a new one
            }
            await Task.Delay(Interval);
        }
        throw new TimeoutException($"{url} on {silo.NodeName} did not answer {(int)status} within {timeout.TotalSeconds:N0} s (last: {(last is { } s ? (int)s : "no answer")})");
    }

    public void Dispose() => _client.Dispose();
}
