namespace Dtaas.Runtime;

/// <summary>A state write carried an ETag that no longer matches the stored record.</summary>
public sealed class InconsistentStateException : Exception
{
    public InconsistentStateException(string message, string? storedETag, string? currentETag)
        : base($"{message} (stored ETag '{storedETag ?? "none"}', write carried ETag '{currentETag ?? "none"}')")
    {
        StoredETag = storedETag;
        CurrentETag = currentETag;
    }

    /// <summary>The ETag of the record in the store.</summary>
    public string? StoredETag { get; }

    /// <summary>The ETag the rejected write carried.</summary>
    public string? CurrentETag { get; }
}
