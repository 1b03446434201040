using System.Diagnostics;
using System.Text.Json.Nodes;
using Dtaas.TestSupport;

namespace Dtaas.ApiServer.Tests;

/// <summary>A fact that needs /usr/bin/python3 with the official Kubernetes client (Debian's python3-kubernetes); under CI=true it runs anyway.</summary>
public sealed class PythonKubernetesFactAttribute : FactAttribute
{
    public const string Python = "/usr/bin/python3";

    public PythonKubernetesFactAttribute()
    {
        if (!Kubectl.IsCi && !HasClient())
        {
            Skip = $"{Python} cannot import kubernetes (apt-get install python3-kubernetes; under CI=true this is a failure)";
        }
    }

    private static bool HasClient()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(Python, ["-c", "import kubernetes"]) { RedirectStandardError = true })!;
            process.WaitForExit(30_000);
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}

/// <summary>The official Python client, configured from the written kubeconfig, on the endpoints kubectl now reaches in protobuf.</summary>
public sealed class PythonClientTests
{
    private const string Script = """
        import json, sys
        from kubernetes import client, config, watch
        config.load_kube_config(config_file=sys.argv[1])
        core = client.CoreV1Api()
        out = {}
        cm = core.create_namespaced_config_map("node0", client.V1ConfigMap(metadata=client.V1ObjectMeta(name="py-cm"), data={"a": "b"}))
        out["configmap"] = cm.data
        core.create_namespaced_secret("node0", client.V1Secret(metadata=client.V1ObjectMeta(name="py-secret"), string_data={"password": "pw"}))
        out["secret"] = core.read_namespaced_secret("py-secret", "node0").data
        out["namespace"] = core.read_namespace("node0").status.phase
        svc = core.create_namespaced_service("node0", client.V1Service(metadata=client.V1ObjectMeta(name="py-svc"),
            spec=client.V1ServiceSpec(ports=[client.V1ServicePort(port=80, target_port=8080)], selector={"app": "py"})))
        out["service"] = [svc.spec.type, svc.spec.ports[0].target_port]
        out["configmaps"] = [i.metadata.name for i in core.list_namespaced_config_map("node0").items]
        seen = []
        for event in watch.Watch().stream(core.list_namespaced_config_map, "node0", timeout_seconds=5):
            seen.append([event["type"], event["object"].metadata.name])
            break
        out["watch"] = seen
        review = client.AuthorizationV1Api().create_self_subject_access_review(client.V1SelfSubjectAccessReview(
            spec=client.V1SelfSubjectAccessReviewSpec(resource_attributes=client.V1ResourceAttributes(verb="create", resource="configmaps", namespace="node0"))))
        out["allowed"] = review.status.allowed
        try:
            core.create_namespaced_config_map("node0", client.V1ConfigMap(metadata=client.V1ObjectMeta(name="py-bad"), data={"a/b": "x"}))
        except client.exceptions.ApiException as e:
            out["invalid"] = [e.status, json.loads(e.body)["reason"]]
        print(json.dumps(out))
        """;

    [PythonKubernetesFact]
    public async Task Configmaps_secrets_services_watch_and_access_reviews_work_through_the_python_client()
    {
        await using var server = await TestServer.StartAsync();
        var script = Path.Combine(server.Root, "client.py");
        await File.WriteAllTextAsync(script, Script);
        using var process = Process.Start(new ProcessStartInfo(PythonKubernetesFactAttribute.Python, [script, server.Server.KubeconfigPath])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(process.ExitCode == 0, await stderr);

        var result = JsonNode.Parse(await stdout)!;
        Assert.Equal("b", (string?)result["configmap"]!["a"]);
        Assert.Equal("cHc=", (string?)result["secret"]!["password"]);
        Assert.Equal("Active", (string?)result["namespace"]);
        Assert.Equal("ClusterIP", (string?)result["service"]![0]);
        Assert.Equal(8080, (int?)result["service"]![1]);
        Assert.Contains("py-cm", result["configmaps"]!.AsArray().Select(n => (string?)n));
        Assert.Equal("ADDED", (string?)result["watch"]![0]![0]);
        Assert.True((bool?)result["allowed"]);
        Assert.Equal(422, (int?)result["invalid"]![0]);
        Assert.Equal("Invalid", (string?)result["invalid"]![1]);
    }
}
