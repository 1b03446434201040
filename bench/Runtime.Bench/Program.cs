using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Dtaas.Runtime.Bench;

// dotnet run -c Release --project bench/Runtime.Bench -- local     BenchmarkDotNet: local grain call vs direct call
// dotnet run -c Release --project bench/Runtime.Bench -- remote    scenario: remote HTTP/2 calls vs local, 1 and 64 callers
var what = args.FirstOrDefault() ?? "all";
if (what is "local" or "all")
{
    var config = DefaultConfig.Instance.AddJob(Job.ShortRun.WithId("short"));
    BenchmarkRunner.Run<LocalCallBenchmarks>(config);
}
if (what is "remote" or "all")
{
    await RemoteCallScenario.RunAsync(TimeSpan.FromSeconds(args.Length > 1 ? double.Parse(args[1]) : 5), Console.Out);
}
