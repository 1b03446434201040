using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Dtaas.Grains.Bench;

// dotnet run -c Release --project bench/Grains.Bench -- local     BenchmarkDotNet: local Orleans grain call vs direct call
// dotnet run -c Release --project bench/Grains.Bench -- sdk [s]   scenario: SDK calls over loopback vs in-process, 1 and 64 callers
// dotnet run -c Release --project bench/Grains.Bench -- spread [s]   scenario: SDK calls with the grains on 2 replicas vs 1
var what = args.FirstOrDefault() ?? "all";
if (what is "local" or "all")
{
    var config = DefaultConfig.Instance.AddJob(Job.ShortRun.WithId("short"));
    BenchmarkRunner.Run<LocalCallBenchmarks>(config);
}
if (what is "sdk" or "all")
{
    await SdkCallScenario.RunAsync(TimeSpan.FromSeconds(args.Length > 1 ? double.Parse(args[1]) : 5), Console.Out);
}
if (what is "spread" or "all")
{
    await SdkSpreadScenario.RunAsync(TimeSpan.FromSeconds(args.Length > 1 ? double.Parse(args[1]) : 5), Console.Out);
}
