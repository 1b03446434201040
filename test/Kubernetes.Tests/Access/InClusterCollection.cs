namespace Dtaas.Kubernetes.Tests.Access;

/// <summary>Alone: it sets the process's KUBERNETES_SERVICE_* variables, which every in-cluster check reads.</summary>
[CollectionDefinition(nameof(InClusterCollection), DisableParallelization = true)]
public sealed class InClusterCollection;
