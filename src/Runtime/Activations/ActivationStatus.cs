namespace Dtaas.Runtime.Activations;

internal enum ActivationStatus
{
    /// <summary>Known to the catalog; nothing has run yet.</summary>
    Created,
    /// <summary>The activation turn (construction, state read, OnActivateAsync) is queued or running.</summary>
    Activating,
    Active,
    /// <summary>OnDeactivateAsync is queued or running; new requests wait and then go to a fresh activation.</summary>
    Deactivating,
    /// <summary>Gone from the catalog; requests that still reach it are redirected.</summary>
    Deactivated,
}
