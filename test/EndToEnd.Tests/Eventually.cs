namespace Dtaas.EndToEnd.Tests;

public static class Eventually
{
    /// <summary>Polls until <paramref name="probe"/> returns a value that satisfies <paramref name="done"/>; fails with the last value.</summary>
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what ?? "condition"} not reached; last value:\n{value}");
            }
            await Task.Delay(100);
        }
    }
}
