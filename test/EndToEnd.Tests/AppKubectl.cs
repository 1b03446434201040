using Dtaas.EndToEnd.Tests.Topology;

namespace Dtaas.EndToEnd.Tests;

/// <summary>dtApp steps as a user takes them with kubectl.</summary>
public static class AppKubectl
{
    /// <summary>Waits until dtApp <paramref name="name"/> on the origin has its URI and every other node has its replica; returns the id.</summary>
    public static async Task<string> PublishedIdAsync(this AppFixture fixture, string name)
    {
        var uri = await Eventually.Until(() => fixture.Origin.KubectlCheckedAsync("get", "dtapp", name, "-o", "jsonpath={.URI}"),
            stdout => stdout.StartsWith("http://", StringComparison.Ordinal), what: $"dtApp {name}'s URI on node0");
        var id = uri["http://".Length..uri.IndexOf('.')];
        foreach (var member in fixture.Topology.Silos.Skip(1))
        {
            await Eventually.Until(() => member.GetAsync("dtapp", id), found => found is not null, what: $"replica {id} of {name} on {member.NodeName}");
        }
        return id;
    }

    /// <summary>Applies a dtApp of node0 as a user writes it.</summary>
    public static async Task ApplyAppAsync(this NetnsSilo silo, string name, string service, string spec)
    {
        var yaml = $"""
            apiVersion: sid.sightlineinnovation.com/v1
            kind: dtApp
            metadata:
              name: {name}
            serviceSelector:
              name: {service}
            domainSelector:
              name:
              - {FederationFixture.Domain}
            spec:
              {spec}

            """;
        await silo.ApplyYamlAsync($"dtapp-{name}", yaml);
    }

    /// <summary>A Service and its Endpoints object (standalone, nothing fills Endpoints but the user).</summary>
    public static async Task ApplyServiceAsync(this NetnsSilo silo, string name, string ip, int targetPort)
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
        await silo.ApplyYamlAsync($"service-{name}", yaml);
    }

    private static async Task ApplyYamlAsync(this NetnsSilo silo, string file, string yaml)
    {
        var path = Path.Combine(silo.Home, $"{file}.yaml");
        await File.WriteAllTextAsync(path, yaml);
        await silo.KubectlCheckedAsync("apply", "-f", path);
    }
}
