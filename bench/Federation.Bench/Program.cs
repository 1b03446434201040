using Dtaas.Federation.Bench;
using Dtaas.Grains.Node;
using Microsoft.Extensions.Logging;

// dotnet run -c Release --project bench/Federation.Bench                 50 nodes, 10 rounds, and the 2-node baseline
// dotnet run -c Release --project bench/Federation.Bench -- 50 20 3     nodes, rounds, burst rounds (a fresh cluster each)
// dotnet run -c Release --project bench/Federation.Bench -- objects 50 1000 10000 200   federated GET /v1/models: nodes, users, servables, samples
if (args.FirstOrDefault() == "objects")
{
    int At(int index, int fallback) => args.Length > index ? int.Parse(args[index], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    using var quiet = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
        .AddFilter("Grpc.AspNetCore.Server.ServerCallHandler", LogLevel.Critical).AddFilter("Orleans", LogLevel.Error));
    Console.WriteLine($"Federated objects bench, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores");
    // Probes every 8 s as the 50-node tests run them: 50 × 49 probes a second would leave little of 2 cores to measure.
    await ObjectListScenario.RunAsync(At(1, 50), At(2, 1000), At(3, 10000), At(4, 200),
        new FederationSettings("127.0.0.1", 51820) { ProbeInterval = TimeSpan.FromSeconds(8) }, quiet, Console.Out, CancellationToken.None);
    return 0;
}
int size = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 50;
int rounds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10;
int bursts = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3;
if (size < 3 || rounds < 1 || bursts < 1)
{
    Console.Error.WriteLine("usage: Dtaas.Federation.Bench [nodes >= 3] [rounds >= 1] [burst rounds >= 1]");
    return 2;
}

// Warnings only: a failed push or reconcile should show, the per-change information lines should not.
// As the silo filters them: a probe the client gave up on is an error to gRPC's server, and Orleans warns of its own
// housekeeping; 50 nodes' worth on the console would slow the nodes being measured.
using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
    .AddFilter("Grpc.AspNetCore.Server.ServerCallHandler", LogLevel.Critical)
    .AddFilter("Orleans", LogLevel.Error));
// The silo's defaults: pushes retried every 3 s, probes every 2 s.
var settings = new FederationSettings("127.0.0.1", 51820);

Console.WriteLine($"Federation bench, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {size} nodes, {rounds} rounds");
var baseline = await ConvergenceScenario.RunAsync(2, rounds, settings, loggerFactory, CancellationToken.None);
var measured = await ConvergenceScenario.RunAsync(size, rounds, settings, loggerFactory, CancellationToken.None);
var burst = await BurstScenario.RunAsync(size, bursts, settings, loggerFactory, CancellationToken.None);

Console.WriteLine();
Console.WriteLine("| change | nodes | samples | p50 ms | max ms | p50 ratio to 2 nodes | p50 ratio to one call |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
var call = measured.Calls.P50;
Row("federation call (Probe) round trip, member → creator (baseline)", measured.Calls, null);
Row("join: admitted → every node holds the list", baseline.Joins, null, baseline.Size);
Row("join: admitted → every node holds the list", measured.Joins, baseline.Joins.P50);
Row($"burst: {size - 1} join at once, last admitted → every node holds the list", burst, baseline.Joins.P50);
Row("removal: removed → every node holds the list", baseline.Removals, null, baseline.Size);
Row("removal: removed → every node holds the list", measured.Removals, baseline.Removals.P50);
await AppReplicationBench.RunAsync(size, settings, loggerFactory, measured, Console.Out);
return 0;

void Row(string change, Latencies samples, double? twoNodes, int? nodes = null) =>
    Console.WriteLine($"| {change} | {nodes ?? size} | {samples.Count:N0} | {samples.P50:N2} | {samples.Max:N1} | " +
        $"{(twoNodes is { } two ? $"{samples.P50 / two:N1}×" : "")} | {samples.P50 / call:N0}× |");
