using Dtaas.Grains.Node;
using Microsoft.Extensions.Logging;

namespace Dtaas.Federation.Bench;

/// <summary>Program.cs's one line for the dtApp scenario: run it on a fresh cluster of the same size and print its table.</summary>
public static class AppReplicationBench
{
    public const int Apps = 20;

    public static async Task RunAsync(int size, int apps, FederationSettings settings, ILoggerFactory loggerFactory, ConvergenceResult memberList, TextWriter output)
    {
        var result = await AppReplicationScenario.RunAsync(size, apps, settings, loggerFactory, CancellationToken.None);
        AppReplicationScenario.Report(result, memberList, output);
    }
}
