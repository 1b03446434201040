namespace Dtaas.Runtime.Activations;

/// <summary>
/// Work that occupies an activation from its first turn until it completes: a grain call, a timer tick, or the
/// runtime's own activation and deactivation turns.
/// </summary>
internal abstract class ActivationRequest
{
    /// <summary>May run while other requests are in flight (reentrant grain or [AlwaysInterleave] method).</summary>
    public abstract bool Interleave { get; }

    /// <summary>Counts as activity for idle collection (calls do, timer ticks do not).</summary>
    public virtual bool IsActivity => true;

    /// <summary>The activation this request is queued on; set when it is enqueued.</summary>
    public Activation? Target { get; set; }

    /// <summary>Runs the first turn. Must make sure <see cref="Activation.CompleteRequest"/> is called once the request is over.</summary>
    public abstract void Start(Activation activation);

    /// <summary>The activation went away before this request started.</summary>
    public abstract void Redirect(Catalog catalog);

    /// <summary>The activation could not be created.</summary>
    public abstract void Fail(Exception error);
}
