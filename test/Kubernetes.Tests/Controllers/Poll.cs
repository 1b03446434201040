namespace Dtaas.Kubernetes.Tests.Controllers;

/// <summary>Waits for asynchronous effects by polling, so tests never depend on how long something takes.</summary>
internal static class Poll
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Not reached within {Patience.TotalSeconds} s: {what}");
            }

            await Task.Delay(5);
        }
    }
}
