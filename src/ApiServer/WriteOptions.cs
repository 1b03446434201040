namespace Dtaas.ApiServer;

/// <summary>Per-request write options from the query string (dryRun, fieldValidation).</summary>
internal sealed record WriteOptions(bool DryRun, FieldValidation Validation)
{
    public static WriteOptions Default { get; } = new(false, FieldValidation.Warn);
}

/// <summary>DeleteOptions preconditions a client may send with DELETE.</summary>
internal sealed record DeletePreconditions(string? Uid, string? ResourceVersion);

/// <summary>A write's outcome plus the warnings (299 headers) to send back.</summary>
internal sealed record WriteResult(WriteOutcome Outcome, IReadOnlyList<string> Warnings);
