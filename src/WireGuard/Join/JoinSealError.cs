namespace Dtaas.WireGuard.Join;

/// <summary>Why a sealed join message was refused; each maps to a clear message on the joiner's dtDomain.</summary>
public enum JoinSealError
{
    /// <summary>Not a join message of a version this node reads: wrong length, unknown version, unusable key.</summary>
    Malformed,

    /// <summary>The authentication tag did not verify: another creator key, another (or rotated) invite secret, or tampering.</summary>
    WrongKeyOrSecret,

    /// <summary>The request's timestamp is older than the allowed skew.</summary>
    TooOld,

    /// <summary>The request's timestamp is further in the future than the allowed skew.</summary>
    FromTheFuture,

    /// <summary>This exact request (ephemeral key and nonce) was already accepted.</summary>
    Replayed,

    /// <summary>The replay cache is full; refused rather than risk accepting a replay. Retrying later works.</summary>
    Busy,
}
