namespace Dtaas.Grains.Users;

/// <summary>
/// How failed logins are limited: more than <see cref="UserSourceFailures"/> failures for one user from one source (or
/// <see cref="SourceFailures"/> from one source for any users) within <see cref="Window"/> blocks that pair (or source)
/// for <see cref="FirstBlock"/>, doubled at each block after, up to <see cref="MaxBlock"/>; an entry is forgotten
/// <see cref="MaxBlock"/> after its last failure, and at most <see cref="MaxEntries"/> are kept (the least recently seen go).
/// </summary>
public sealed record LoginThrottleSettings(int UserSourceFailures, int SourceFailures, TimeSpan Window, TimeSpan FirstBlock, TimeSpan MaxBlock,
    int MaxEntries)
{
    public static LoginThrottleSettings Default { get; } =
        new(5, 20, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(15), 10_000);
}
