using Orleans;

namespace Dtaas.Client;

/// <summary>
/// Whether a client whose first connection failed tries again: never when the node refused it (a wrong token or
/// certificate does not get better; the client's start then fails with the node's reason rather than Orleans'
/// "Connection initialization failed"), a few times a second apart when the node was not there yet.
/// </summary>
public sealed class RefusalRetryFilter(ClientRefusal refusal) : IClientConnectionRetryFilter
{
    private const int Attempts = 5;
    private int _failures;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        if (refusal.Last is { } refused)
        {
            throw new UnauthorizedAccessException(refused.Message, exception);
        }
        if (Interlocked.Increment(ref _failures) > Attempts)
        {
            return false;
        }
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        return true;
    }
}
