namespace Dtaas.EndToEnd.Tests;

/// <summary>
/// How <see cref="SiloProcess"/> starts one silo: an optional command prefix that runs it elsewhere (<c>ip netns exec NS</c>),
/// the silo's options after <c>--data-dir</c>, and how to reach its <c>/healthz</c> from the test process.
/// </summary>
internal sealed record SiloLaunch(
    IReadOnlyList<string> Prefix,
    string DataDirectory,
    IReadOnlyList<string> Arguments,
    int ApiPort,
    int GatewayPort,
    Uri HealthUrl,
    bool UsesCluster,
    Func<HttpClient> CreateHttpClient);
