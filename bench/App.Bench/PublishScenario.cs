using System.Diagnostics;
using System.Net;
using Dtaas.EndToEnd.Tests;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Kubernetes.Bench;
using Dtaas.Overlay.Bench;

namespace Dtaas.App.Bench;

/// <summary>
/// Apply → answering: a user applies a new dtApp on node0 with kubectl and every member's gateway is polled (each from
/// its own namespace, every 10 ms) until the app's URI answers 200 there; then the user deletes it and the gateways
/// are polled until they answer 404. The kubectl command's own duration is the baseline.
/// </summary>
public static class PublishScenario
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    public static async Task RunAsync(AppFixture fixture, int apps, TextWriter output)
    {
        var origin = fixture.Origin;
        using var api = new NamespacedKubernetes(origin.Node.Netns, Path.Combine(origin.DataDirectory, "kubeconfig"));
        await using var watch = await ObjectWatch<DtApp>.StartAsync(api.Client, api.Client.DefaultNamespace);
        var probes = fixture.Topology.Silos.Select(silo => new GatewayProbe(silo)).ToList();
        try
        {
            var rounds = new List<PublishRound>();
            for (int i = -1; i < apps; i++) // round -1 warms up kubectl, the watch and the probes' connections
            {
                var round = await RunRoundAsync(fixture, watch, probes, $"bench-app-{i + 1}");
                if (i >= 0)
                {
                    rounds.Add(round);
                }
            }
            Report(rounds, probes, output);
        }
        finally
        {
            probes.ForEach(probe => probe.Dispose());
        }
    }

    private static async Task<PublishRound> RunRoundAsync(AppFixture fixture, ObjectWatch<DtApp> watch, List<GatewayProbe> probes, string name)
    {
        var origin = fixture.Origin;
        var manifest = await origin.WriteManifestAsync(name, AppKubectl.AppManifest(name, "example-service", "authenticationType: None"));
        string? id = null;
        var uriSeen = watch.WhenAsync(objects =>
        {
            // The id is the first label of the URI the origin writes; the probes need it for the Host.
            var uri = objects.FirstOrDefault(app => app.Metadata.Name == name)?.Uri;
            id = uri is null ? null : new Uri(uri).Host.Split('.')[0];
            return id is not null;
        }, Limit, $"dtApp {name}'s URI on node0");

        long applyStarted = Stopwatch.GetTimestamp();
        var apply = Timed(() => origin.KubectlCheckedAsync("apply", "-f", manifest));
        long uriAt = await uriSeen;
        var answered = await Task.WhenAll(probes.Select(probe => probe.WhenAnswersAsync(id!, HttpStatusCode.OK, Limit)));
        long applyEnded = await apply;

        long deleteStarted = Stopwatch.GetTimestamp();
        var delete = Timed(() => origin.KubectlCheckedAsync("delete", "dtapp", name));
        var gone = await Task.WhenAll(probes.Select(probe => probe.WhenAnswersAsync(id!, HttpStatusCode.NotFound, Limit)));
        long deleteEnded = await delete;
        return new PublishRound(applyStarted, applyEnded, uriAt, answered, deleteStarted, deleteEnded, gone);
    }

    private static async Task<long> Timed(Func<Task> action)
    {
        await action();
        return Stopwatch.GetTimestamp();
    }

    private static void Report(List<PublishRound> rounds, List<GatewayProbe> probes, TextWriter output)
    {
        output.WriteLine($"### dtApp apply → its URI answers 200 on every member ({rounds.Count} apps, polled every {GatewayProbe.Interval.TotalMilliseconds:N0} ms)");
        output.WriteLine();
        output.WriteLine("| interval | apps | p50 ms | p90 ms | p99 ms | max ms |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|");
        void Row(string interval, Func<PublishRound, long> ticks)
        {
            var latencies = new Latencies(rounds.Select(ticks));
            output.WriteLine($"| {interval} | {latencies.Count} | {latencies.Cells} |");
        }
        Row("`kubectl apply` command, start → exit (baseline)", r => r.ApplyEnded - r.ApplyStarted);
        Row("apply started → origin's dtApp with its URI seen by a watch", r => r.UriSeen - r.ApplyStarted);
        for (int i = 0; i < probes.Count; i++)
        {
            int member = i;
            Row($"apply started → 200 from {probes[member].Silo.NodeName}'s gateway", r => r.Answered[member] - r.ApplyStarted);
        }
        Row("**apply started → 200 from every member's gateway**", r => r.Answered.Max() - r.ApplyStarted);
        Row("`kubectl delete` command, start → exit (baseline)", r => r.DeleteEnded - r.DeleteStarted);
        Row("delete started → 404 from every member's gateway", r => r.Gone.Max() - r.DeleteStarted);
        output.WriteLine();
    }
}
