namespace Dtaas.EndToEnd.Tests;

/// <summary>
/// The SDK as a user's service uses it: a separate console program (test/SdkConsole, built against the NuGet Orleans
/// client and Dtaas.Client only) connects to a running silo process with <c>UseDtaasNode(dataDirectory)</c> and calls
/// its node grain; with a wrong client token the node refuses the connection and says so.
/// </summary>
public sealed class SdkClientTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "dtaas-sdk-" + Guid.NewGuid().ToString("N"));
    private SiloProcess _silo = null!;

    public async Task InitializeAsync() => _silo = await SiloProcess.StartAsync(_data);

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task A_plain_orleans_client_with_the_nodes_token_calls_its_node_grain()
    {
        var (exit, stdout, stderr) = await RunConsoleAsync(_data);

        Assert.True(exit == 0, $"exit {exit}: {stdout}{stderr}\nsilo:\n{_silo.Output}");
        Assert.Equal($"node {_silo.NodeId} node0.example.org", stdout.Trim());
    }

    [Fact]
    public async Task A_client_with_a_wrong_token_is_refused_at_connect_with_the_reason()
    {
        var (exit, stdout, stderr) = await RunConsoleAsync(_data, "--token", "not-the-token");

        Assert.True(exit == 1, $"exit {exit}: {stdout}{stderr}");
        Assert.Contains("the DTaaS node refused this client: the client token is wrong", stderr);
        Assert.Contains("SDK connection from", _silo.Output);
    }

    internal static string ConsoleDll => SiloProcess.Built(Path.Combine("test", "SdkConsole"), "Dtaas.SdkConsole.dll");

    internal static Task<(int Exit, string Stdout, string Stderr)> RunConsoleAsync(params string[] args) => RunConsoleDllAsync(ConsoleDll, args);

    internal static Task<(int Exit, string Stdout, string Stderr)> RunConsoleDllAsync(string consoleDll, params string[] args) =>
        DotnetRun.RunAsync(TimeSpan.FromSeconds(60), null, [consoleDll, .. args]);
}
