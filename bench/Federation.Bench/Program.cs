using Dtaas.Federation.Bench;
using Dtaas.Grains.Node;
using Microsoft.Extensions.Logging;

// dotnet run -c Release --project bench/Federation.Bench                 50 nodes, 10 rounds, and the 2-node baseline
// dotnet run -c Release --project bench/Federation.Bench -- 50 20 3     nodes, rounds, burst rounds (a fresh cluster each)
// dotnet run -c Release --project bench/Federation.Bench -- lists 50 10   member lists alone (2-node baseline, joins, removals): nodes, rounds
// dotnet run -c Release --project bench/Federation.Bench -- burst 50 3    bursts of joins alone: nodes, rounds
// dotnet run -c Release --project bench/Federation.Bench -- apps 50 20    dtApp replication (beside 5 member-list rounds): nodes, apps
// dotnet run -c Release --project bench/Federation.Bench -- idle 50 30 2  a joined domain doing nothing: nodes, seconds of CPU measured, probe interval (s)
// dotnet run -c Release --project bench/Federation.Bench -- objects 50 1000 10000 200   federated GET /v1/models: nodes, users, servables, samples
// DTAAS_BENCH_VERBOSE=1 logs the nodes' information lines too (slower: for finding out why, not for figures).
string mode = args.FirstOrDefault() is { } first && !char.IsDigit(first[0]) ? first : "all";
var numbers = args.Skip(mode == "all" ? 0 : 1).Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
int At(int index, int fallback) => numbers.Length > index ? numbers[index] : fallback;

// Warnings only: a failed push or reconcile should show, the per-change information lines should not.
// As the silo filters them: a probe the client gave up on is an error to gRPC's server, and Orleans warns of its own
// housekeeping; 50 nodes' worth on the console would slow the nodes being measured.
bool verbose = Environment.GetEnvironmentVariable("DTAAS_BENCH_VERBOSE") is not null;
using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => (o.SingleLine, o.TimestampFormat) = (true, verbose ? "HH:mm:ss.fff " : null))
    .SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning)
    .AddFilter("Grpc.AspNetCore.Server.ServerCallHandler", LogLevel.Critical)
    .AddFilter("Microsoft", LogLevel.Warning)
    .AddFilter("Polly", LogLevel.Warning)
    .AddFilter("Orleans", LogLevel.Error));
// The silo's defaults: pushes retried every 3 s, probes every 2 s.
var settings = new FederationSettings("127.0.0.1", 51820);
var cancel = CancellationToken.None;
int size = At(0, 50);
if (size < 3 || numbers.Skip(1).Any(n => n < 1))
{
    Console.Error.WriteLine("usage: Dtaas.Federation.Bench [lists|burst|apps|idle|objects] [nodes >= 3] [counts >= 1 ...]");
    return 2;
}
Console.WriteLine($"Federation bench ({mode}), {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {size} nodes");

switch (mode)
{
    case "objects":
        // Probes every 8 s as the 50-node tests run them: 50 × 49 probes a second would leave little of 2 cores to measure.
        await ObjectListScenario.RunAsync(size, At(1, 1000), At(2, 10000), At(3, 200),
            settings with { ProbeInterval = TimeSpan.FromSeconds(8) }, loggerFactory, Console.Out, cancel);
        return 0;
    case "apps":
        var lists = await ConvergenceScenario.RunAsync(size, 5, settings, loggerFactory, cancel);
        await AppReplicationBench.RunAsync(size, At(1, AppReplicationBench.Apps), settings, loggerFactory, lists, Console.Out);
        return 0;
    case "idle":
        await IdleScenario.RunAsync(size, At(1, 30), settings with { ProbeInterval = TimeSpan.FromSeconds(At(2, 2)) }, loggerFactory, Console.Out, cancel);
        return 0;
    case "burst":
        var alone = await BurstScenario.RunAsync(size, At(1, 3), settings, loggerFactory, cancel);
        Console.WriteLine($"| burst: {size - 1} join at once, last admitted → every node holds the list | {size} | {alone.Count} | {alone.P50:N2} | {alone.Max:N1} |");
        return 0;
}

int rounds = At(1, 10);
var baseline = await ConvergenceScenario.RunAsync(2, rounds, settings, loggerFactory, cancel);
var measured = await ConvergenceScenario.RunAsync(size, rounds, settings, loggerFactory, cancel);
var burst = mode == "all" ? await BurstScenario.RunAsync(size, At(2, 3), settings, loggerFactory, cancel) : null;

Console.WriteLine();
Console.WriteLine("| change | nodes | samples | p50 ms | max ms | p50 ratio to 2 nodes | p50 ratio to one call |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
var call = measured.Calls.P50;
Row("federation call (Probe) round trip, member → creator (baseline)", measured.Calls, null);
Row("join: admitted → every node holds the list", baseline.Joins, null, baseline.Size);
Row("join: admitted → every node holds the list", measured.Joins, baseline.Joins.P50);
if (burst is not null)
{
    Row($"burst: {size - 1} join at once, last admitted → every node holds the list", burst, baseline.Joins.P50);
}
Row("removal: removed → every node holds the list", baseline.Removals, null, baseline.Size);
Row("removal: removed → every node holds the list", measured.Removals, baseline.Removals.P50);
if (mode == "all")
{
    await AppReplicationBench.RunAsync(size, AppReplicationBench.Apps, settings, loggerFactory, measured, Console.Out);
}
return 0;

void Row(string change, Latencies samples, double? twoNodes, int? nodes = null) =>
    Console.WriteLine($"| {change} | {nodes ?? size} | {samples.Count:N0} | {samples.P50:N2} | {samples.Max:N1} | " +
        $"{(twoNodes is { } two ? $"{samples.P50 / two:N1}×" : "")} | {samples.P50 / call:N0}× |");
