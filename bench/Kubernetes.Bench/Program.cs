using Dtaas.Kubernetes.Bench;
using Microsoft.Extensions.Logging;

// dotnet run -c Release --project bench/Kubernetes.Bench                   1,000 dtDomains per reconcile row, 2,000 per throughput row
// dotnet run -c Release --project bench/Kubernetes.Bench -- --quick        100 / 200: a sanity check in a few seconds
// dotnet run -c Release --project bench/Kubernetes.Bench -- reconcile|api|sdk  one scenario only (sdk: create → observer callback, Get())
bool quick = args.Contains("--quick");
var what = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
var scale = quick ? BenchScale.Quick : BenchScale.Full;

// Warnings only: a failed reconcile or a dropped watch should show, the per-object information lines should not.
using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));

Console.WriteLine($"Kubernetes bench, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {(quick ? "quick" : "full")}");
if (what is "reconcile" or "all")
{
    Console.WriteLine();
    await ReconcileLatencyScenario.RunAsync(scale, loggerFactory, Console.Out);
}
if (what is "sdk" or "all")
{
    Console.WriteLine();
    await SdkObserverScenario.RunAsync(scale, loggerFactory, Console.Out);
}
if (what is "api" or "all")
{
    Console.WriteLine();
    await ApiThroughputScenario.RunAsync(scale, loggerFactory, Console.Out);
}
