namespace Dtaas.TestSupport;

/// <summary>
/// Waits for an asynchronous effect by polling, so a test never depends on how long something takes; the failure names
/// what was awaited and shows the last value (or exception) seen, which is usually the diagnosis.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Reading state a fake records in memory is cheap, so the synchronous forms look more often.</summary>
    public static readonly TimeSpan InMemoryInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Polls <paramref name="probe"/> until its value satisfies <paramref name="done"/> and returns that value. A probe that
    /// throws is retried (a listener not up yet); after <paramref name="timeout"/> a <see cref="TimeoutException"/> says
    /// <paramref name="what"/> was not reached, with the last value, and the last exception as its inner exception.
    /// </summary>
    public static async Task<T> Until<T>(
        Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null, string? what = null, TimeSpan? interval = null,
        CancellationToken cancellationToken = default)
    {
        var patience = timeout ?? DefaultTimeout;
        var deadline = DateTime.UtcNow + patience;
        var observed = "nothing (the probe never returned)";
        Exception? failure = null;
        while (true)
        {
            try
            {
                var value = await probe();
                if (done(value))
                {
                    return value;
                }
                observed = value?.ToString() ?? "null";
                failure = null;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                failure = e;
                observed = $"{e.GetType().Name}: {e.Message}";
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(
                    $"{what ?? "condition"} not reached within {patience.TotalSeconds:0.#} s; last observed:\n{observed}", failure);
            }
            await Task.Delay(interval ?? DefaultInterval, cancellationToken);
        }
    }

    /// <summary>Polls a synchronous <paramref name="condition"/> (state a fake records) until it holds.</summary>
    public static Task Until(
        Func<bool> condition, string what, TimeSpan? timeout = null, TimeSpan? interval = null, CancellationToken cancellationToken = default) =>
        Until(() => Task.FromResult(condition()), held => held, timeout, what, interval ?? InMemoryInterval, cancellationToken);
}
