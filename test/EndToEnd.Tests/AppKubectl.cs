using Dtaas.EndToEnd.Tests.Topology;

namespace Dtaas.EndToEnd.Tests;

/// <summary>dtApp steps as a user takes them with kubectl.</summary>
public static class AppKubectl
{
    /// <summary>Waits until dtApp <paramref name="name"/> on the origin has its URI and every other node has its replica; returns the id.</summary>
    public static async Task<string> PublishedIdAsync(this AppFixture fixture, string name)
    {
        var id = await fixture.Origin.AppIdAsync(name);
        foreach (var member in fixture.Topology.Silos.Skip(1))
        {
            await member.WaitForReplicaAsync(id);
        }
        return id;
    }

    /// <summary>A dtApp as a user writes it.</summary>
    public static string AppManifest(string name, string service, string spec, string domain = FederationFixture.Domain) => $"""
        apiVersion: sid.sightlineinnovation.com/v1
        kind: dtApp
        metadata:
          name: {name}
        serviceSelector:
          name: {service}
        domainSelector:
          name:
          - {domain}
        spec:
          {spec}

        """;

    public static Task ApplyAppAsync(this NetnsSilo silo, string name, string service, string spec, string domain = FederationFixture.Domain) =>
        silo.ApplyManifestAsync($"dtapp-{name}", AppManifest(name, service, spec, domain));

    /// <summary>Waits until dtApp <paramref name="name"/> on <paramref name="silo"/> has its URI; returns the id.</summary>
    public static async Task<string> AppIdAsync(this NetnsSilo silo, string name)
    {
        var uri = await Eventually.Until(() => silo.KubectlCheckedAsync("get", "dtapp", name, "-o", "jsonpath={.URI}"),
            stdout => stdout.StartsWith("http", StringComparison.Ordinal), what: $"dtApp {name}'s URI on {silo.NodeName}");
        return new Uri(uri).Host.Split('.')[0];
    }

    /// <summary>Waits until <paramref name="silo"/> holds (or, with <paramref name="present"/> false, no longer holds) the replica <paramref name="id"/>.</summary>
    public static Task WaitForReplicaAsync(this NetnsSilo silo, string id, bool present = true) =>
        Eventually.Until(() => silo.GetAsync("dtapp", id), found => found is not null == present,
            what: $"replica {id} {(present ? "on" : "gone from")} {silo.NodeName}");

    /// <summary>A Service and its Endpoints object (standalone, nothing fills Endpoints but the user).</summary>
    public static async Task ApplyServiceAsync(this NetnsSilo silo, string name, string ip, int targetPort, string? appProtocol = null)
    {
        var yaml = $"""
            apiVersion: v1
            kind: Service
            metadata:
              name: {name}
            spec:
              ports:
              - protocol: TCP
                port: 8080
                targetPort: {targetPort}
            {(appProtocol is null ? "" : $"    appProtocol: {appProtocol}")}
            ---
            apiVersion: v1
            kind: Endpoints
            metadata:
              name: {name}
            subsets:
            - addresses:
              - ip: {ip}
              ports:
              - port: {targetPort}

            """;
        await silo.ApplyManifestAsync($"service-{name}", yaml);
    }
}
