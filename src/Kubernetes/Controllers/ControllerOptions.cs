namespace Dtaas.Kubernetes.Controllers;

public sealed record ControllerOptions
{
    public InformerOptions Informer { get; init; } = new();

    public WorkQueueOptions WorkQueue { get; init; } = new();
}
