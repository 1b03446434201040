namespace Dtaas.Runtime.Activations;

/// <summary>
/// Installed while an activation runs, so every await inside a grain resumes as a turn of that same activation:
/// continuations are queued behind the activation's other turns instead of running on arbitrary threads.
/// </summary>
internal sealed class ActivationSynchronizationContext(Activation activation) : SynchronizationContext
{
    public override void Post(SendOrPostCallback d, object? state) => activation.Post(d, state);

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Synchronous Send would block an activation's turn; use await.");

    public override SynchronizationContext CreateCopy() => this;
}
