using Dtaas.Grains.Interfaces;
using Dtaas.Grains.Interfaces.Node;
using Dtaas.Runtime;
using Dtaas.Silo.Hosting;
using Dtaas.Silo.Options;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dtaas.Client.Tests;

/// <summary>The SDK against a real silo (the silo executable's composition) over real loopback sockets.</summary>
public sealed class GrainClientTests : IAsyncLifetime
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "dtaas-client-" + Guid.NewGuid().ToString("N"));
    private RunningSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await StartSilo();

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        Directory.Delete(_dataDir, recursive: true);
    }

    private Task<RunningSilo> StartSilo() => SiloHost.StartAsync(
        new SiloOptions { NodeName = "node0.example.org", DataDirectory = _dataDir, ClientListen = "127.0.0.1:0", GatewayListen = "127.0.0.1:0", MetricsListen = "127.0.0.1:0" },
        NullLoggerFactory.Instance,
        runtime => runtime.AddGrain<ICalculatorGrain, CalculatorGrain>().AddSerializerContext(CalculatorJsonContext.Default)
            .Configure(o => o.CallTimeout = TimeSpan.FromSeconds(1)));

    private GrainClientOptions Options(string? token = null) => GrainClientOptions.FromDataDirectory(_dataDir, _silo.ClientEndpoint) with
    {
        Token = token ?? File.ReadAllText(Path.Combine(_dataDir, "client-token")).Trim(),
        SerializerContexts = [CalculatorJsonContext.Default, GrainsJsonContext.Default],
        CallTimeout = TimeSpan.FromSeconds(5),
    };

    [Fact]
    public async Task A_client_with_the_silos_token_calls_its_grains()
    {
        await using var client = await GrainClient.ConnectAsync(Options());
        Assert.Equal(_silo.Node.Id, client.Silo.NodeId);

        var info = await client.GetGrain<INodeGrain>(INodeGrain.Self).GetInfo();
        Assert.Equal(_silo.Node.Id, info.Id);
        Assert.Equal("node0.example.org", info.Name);

        var calculator = client.GetGrain<ICalculatorGrain>("ns/calc");
        Assert.Equal(4, await calculator.Divide(new Division(12, 3)));
        Assert.Equal(2, await calculator.Total(2));
        Assert.Equal(7, await calculator.Total(5));
    }

    [Fact]
    public async Task A_wrong_token_is_refused_with_a_clear_error()
    {
        var error = await Assert.ThrowsAsync<UnauthorizedAccessException>(() => GrainClient.ConnectAsync(Options(token: "not-the-token")));
        Assert.Contains("token is wrong", error.Message);
    }

    [Fact]
    public async Task A_silo_that_is_not_there_is_reported_as_unavailable()
    {
        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() =>
            GrainClient.ConnectAsync(Options() with { Endpoint = new Uri("http://127.0.0.1:1/") }));
        Assert.Contains("127.0.0.1:1", error.Message);
    }

    [Fact]
    public async Task Grain_exceptions_and_timeouts_reach_the_client()
    {
        await using var client = await GrainClient.ConnectAsync(Options());
        var calculator = client.GetGrain<ICalculatorGrain>("ns/calc");

        var divide = await Assert.ThrowsAsync<DivideByZeroException>(() => calculator.Divide(new Division(1, 0)));
        Assert.Equal(new DivideByZeroException().Message, divide.Message);

        var hang = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => calculator.Hang());
        Assert.Contains($"{typeof(ICalculatorGrain).FullName}.Hang", hang.Message);
    }

    [Fact]
    public async Task A_restarted_silo_keeps_its_node_id_and_client_token()
    {
        var id = _silo.Node.Id;
        var token = _silo.ClientToken;
        await _silo.DisposeAsync();
        _silo = await StartSilo();

        Assert.Equal(id, _silo.Node.Id);
        Assert.Equal(token, _silo.ClientToken);
        await using var client = await GrainClient.ConnectAsync(Options(token));
        Assert.Equal(id, (await client.GetGrain<INodeGrain>(INodeGrain.Self).GetInfo()).Id);
    }
}
