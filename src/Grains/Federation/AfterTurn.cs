namespace Dtaas.Grains.Federation;

/// <summary>
/// Work a grain starts that must outlive the turn that starts it (a push to another member, a notice to a catalog),
/// on the grain's own scheduler rather than the thread pool: it starts once the running turn yields, every
/// continuation comes back to the grain (one at a time with its turns, so the work may use the grain's fields without
/// locks), and it interleaves with the grain's calls, so it may wait on calls that come back to the grain.
/// </summary>
public static class AfterTurn
{
    /// <summary>Starts <paramref name="work"/>; call it within one of the grain's turns. The work handles its own failures.</summary>
    public static void Start(Func<Task> work) => _ = RunAsync(work);

    private static async Task RunAsync(Func<Task> work)
    {
        // Orleans runs a grain's turns under its own TaskScheduler, which Task.Yield posts to.
        await Task.Yield();
        await work();
    }
}
