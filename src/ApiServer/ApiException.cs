namespace Dtaas.ApiServer;

/// <summary>A request failure that carries the Kubernetes Status to answer with.</summary>
internal sealed class ApiException(Status status) : Exception(status.Message)
{
    public Status Status { get; } = status;
    public int Code => Status.Code;
}
