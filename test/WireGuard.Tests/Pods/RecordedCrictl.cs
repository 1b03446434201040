namespace Dtaas.WireGuard.Tests.Pods;

/// <summary>
/// crictl output as containerd's CRI plugin prints it (crictl 1.29, <c>-o json</c>), trimmed of labels and
/// annotations that do not matter here. <c>createdAt</c> is int64 nanoseconds, a string in protobuf's JSON mapping.
/// </summary>
public static class RecordedCrictl
{
    public const string ReadyId = "0c1e7f3b8a6d4c2e9f5b1a7d3c8e2f4a6b9d1c3e5f7a9b2d4c6e8f1a3b5c7d9e";
    public const string NotReadyId = "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b";
    public const string OtherNamespaceId = "5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e";

    /// <summary>
    /// <c>crictl pods --name my-pod --namespace default -o json</c> without <c>--state</c>: the name filter is a
    /// pattern, so my-pod-2 and a my-pod in another namespace come along; an older, stopped sandbox of my-pod too.
    /// </summary>
    public const string Pods = """
        {
          "items": [
            {
              "id": "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b",
              "metadata": {
                "name": "my-pod",
                "uid": "6f0d2c3a-1b7e-4e55-9a3c-2b8d7e6f5a41",
                "namespace": "default",
                "attempt": 0
              },
              "state": "SANDBOX_NOTREADY",
              "createdAt": "1718000000000000000",
              "labels": {
                "io.kubernetes.pod.name": "my-pod",
                "io.kubernetes.pod.namespace": "default"
              },
              "annotations": {},
              "runtimeHandler": ""
            },
            {
              "id": "0c1e7f3b8a6d4c2e9f5b1a7d3c8e2f4a6b9d1c3e5f7a9b2d4c6e8f1a3b5c7d9e",
              "metadata": {
                "name": "my-pod",
                "uid": "0b6e4a52-93d1-4c1f-8f0e-6a7d2c9b1e33",
                "namespace": "default",
                "attempt": 1
              },
              "state": "SANDBOX_READY",
              "createdAt": "1718000123456789012",
              "labels": {
                "io.kubernetes.pod.name": "my-pod",
                "io.kubernetes.pod.namespace": "default",
                "io.kubernetes.pod.uid": "0b6e4a52-93d1-4c1f-8f0e-6a7d2c9b1e33"
              },
              "annotations": {
                "kubernetes.io/config.seen": "2024-06-10T06:15:23.456789012Z",
                "kubernetes.io/config.source": "api"
              },
              "runtimeHandler": ""
            },
            {
              "id": "1d2d3d4d5d6d7d8d9d0d1d2d3d4d5d6d7d8d9d0d1d2d3d4d5d6d7d8d9d0d1d2d",
              "metadata": {
                "name": "my-pod-2",
                "uid": "c1a2b3c4-d5e6-4f70-8192-a3b4c5d6e7f8",
                "namespace": "default",
                "attempt": 0
              },
              "state": "SANDBOX_READY",
              "createdAt": "1718000200000000000",
              "labels": {},
              "annotations": {},
              "runtimeHandler": ""
            },
            {
              "id": "5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e",
              "metadata": {
                "name": "my-pod",
                "uid": "e9d8c7b6-a5f4-4e3d-2c1b-0a9f8e7d6c5b",
                "namespace": "staging",
                "attempt": 0
              },
              "state": "SANDBOX_READY",
              "createdAt": "1718000300000000000",
              "labels": {},
              "annotations": {},
              "runtimeHandler": ""
            }
          ]
        }
        """;

    /// <summary><c>crictl pods ... --state ready -o json</c> when nothing matches.</summary>
    public const string NoPods = """
        {
          "items": [
          ]
        }
        """;

    /// <summary><c>crictl inspectp 0c1e7f3b… -o json</c> (containerd; "info" is its verbose map, trimmed).</summary>
    public const string Inspect = """
        {
          "status": {
            "id": "0c1e7f3b8a6d4c2e9f5b1a7d3c8e2f4a6b9d1c3e5f7a9b2d4c6e8f1a3b5c7d9e",
            "metadata": {
              "attempt": 1,
              "name": "my-pod",
              "namespace": "default",
              "uid": "0b6e4a52-93d1-4c1f-8f0e-6a7d2c9b1e33"
            },
            "state": "SANDBOX_READY",
            "createdAt": "2024-06-10T06:15:23.456789012Z",
            "network": {
              "additionalIps": [],
              "ip": "10.244.0.17"
            },
            "linux": {
              "namespaces": {
                "options": {
                  "ipc": "POD",
                  "network": "POD",
                  "pid": "CONTAINER",
                  "targetId": "",
                  "usernsOptions": null
                }
              }
            },
            "labels": {
              "io.kubernetes.pod.name": "my-pod",
              "io.kubernetes.pod.namespace": "default"
            },
            "annotations": {},
            "runtimeHandler": ""
          },
          "info": {
            "pid": 48213,
            "processStatus": "running",
            "netNamespaceClosed": false,
            "image": "registry.k8s.io/pause:3.9",
            "snapshotKey": "0c1e7f3b8a6d4c2e9f5b1a7d3c8e2f4a6b9d1c3e5f7a9b2d4c6e8f1a3b5c7d9e",
            "snapshotter": "overlayfs",
            "runtimeHandler": "",
            "runtimeType": "io.containerd.runc.v2",
            "runtimeOptions": {
              "systemd_cgroup": true
            },
            "config": {
              "metadata": {
                "name": "my-pod",
                "uid": "0b6e4a52-93d1-4c1f-8f0e-6a7d2c9b1e33",
                "namespace": "default",
                "attempt": 1
              },
              "hostname": "my-pod",
              "log_directory": "/var/log/pods/default_my-pod_0b6e4a52-93d1-4c1f-8f0e-6a7d2c9b1e33",
              "linux": {
                "security_context": {
                  "namespace_options": {
                    "pid": 1
                  }
                }
              }
            },
            "runtimeSpec": {
              "ociVersion": "1.1.0",
              "process": {
                "args": ["/pause"]
              },
              "linux": {
                "namespaces": [
                  { "type": "pid" },
                  { "type": "ipc" },
                  { "type": "uts" },
                  { "type": "mount" },
                  { "type": "network", "path": "/var/run/netns/cni-3f0c5a8e-2b1d-7c4e-9a6f-1e2d3c4b5a69" }
                ]
              }
            },
            "cniResult": {
              "Interfaces": {
                "eth0": {
                  "IPConfigs": [
                    { "IP": "10.244.0.17", "Gateway": "10.244.0.1" }
                  ]
                }
              }
            }
          }
        }
        """;

    /// <summary>A hostNetwork pod's sandbox: its "network namespace" is the node's.</summary>
    public const string InspectHostNetwork = """
        {
          "status": {
            "id": "7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f",
            "metadata": { "attempt": 0, "name": "node-agent", "namespace": "default", "uid": "0a0a0a0a-0000-4000-8000-000000000000" },
            "state": "SANDBOX_READY",
            "network": { "additionalIps": [], "ip": "10.4.0.16" },
            "linux": { "namespaces": { "options": { "ipc": "POD", "network": "NODE", "pid": "CONTAINER", "targetId": "" } } }
          },
          "info": { "pid": 3121, "processStatus": "running" }
        }
        """;

    /// <summary>A runtime that reports no pid, only the OCI spec's namespace path (seen with CRI-O).</summary>
    public const string InspectWithoutPid = """
        {
          "status": {
            "id": "3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c",
            "metadata": { "attempt": 0, "name": "my-pod", "namespace": "default", "uid": "1b1b1b1b-0000-4000-8000-000000000000" },
            "state": "SANDBOX_READY",
            "linux": { "namespaces": { "options": { "ipc": "POD", "network": "POD", "pid": "POD" } } }
          },
          "info": {
            "runtimeSpec": {
              "linux": {
                "namespaces": [
                  { "type": "network", "path": "/var/run/netns/5b1e4d0c-8f3a-4a2b-9c7d-6e5f4a3b2c1d" },
                  { "type": "ipc", "path": "/var/run/ipcns/5b1e4d0c-8f3a-4a2b-9c7d-6e5f4a3b2c1d" }
                ]
              }
            }
          }
        }
        """;
}
