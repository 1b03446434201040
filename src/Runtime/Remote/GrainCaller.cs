namespace Dtaas.Runtime;

/// <summary>
/// Who a listener admitted: <see cref="NodeId"/> names the calling node (federation calls), null an admitted caller
/// that is no node (an SDK client). A listener's authenticator returns null instead to refuse the call.
/// </summary>
public sealed record GrainCaller(string? NodeId)
{
    public static GrainCaller Anonymous { get; } = new((string?)null);
}
