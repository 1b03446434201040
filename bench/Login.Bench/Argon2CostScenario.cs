using System.Diagnostics;
using Dtaas.Grains.Users;
using Dtaas.Kubernetes.Bench;

namespace Dtaas.Login.Bench;

/// <summary>What one Argon2id verification costs here, for the recommended cost and its neighbours (in this process, one at a time).</summary>
public static class Argon2CostScenario
{
    public static void Run(int rounds, TextWriter output)
    {
        output.WriteLine("| Argon2id cost | memory | p50 ms | p90 ms | p99 ms | max ms |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (m, t, p) in new[] { Argon2idHash.Recommended, (19456, 3, 1), (47104, 1, 1), (65536, 2, 1) })
        {
            var hash = Argon2idHash.Create("warm-up", (m, t, p));
            var ticks = new List<long>();
            for (var i = 0; i < rounds; i++)
            {
                var started = Stopwatch.GetTimestamp();
                hash.Matches($"guess{i}");
                ticks.Add(Stopwatch.GetTimestamp() - started);
            }
            var label = (m, t, p) == Argon2idHash.Recommended ? " (chosen)" : "";
            output.WriteLine($"| m={m},t={t},p={p}{label} | {m / 1024.0:0.#} MiB | {new Latencies(ticks).Cells} |");
        }
    }
}
