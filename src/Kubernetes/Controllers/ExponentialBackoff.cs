namespace Dtaas.Kubernetes.Controllers;

/// <summary>Delays that double with each consecutive failure, from <see cref="Initial"/> up to <see cref="Max"/>.</summary>
public sealed record ExponentialBackoff(TimeSpan Initial, TimeSpan Max)
{
    /// <summary>The delay after the <paramref name="failures"/>-th consecutive failure (1 = the first).</summary>
    public TimeSpan DelayAfter(int failures)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failures, 1);
        // Doubling in floating point cannot overflow; the cap is reached long before precision matters.
        var ticks = Initial.Ticks * Math.Pow(2, failures - 1);
        return ticks >= Max.Ticks ? Max : TimeSpan.FromTicks((long)ticks);
    }
}
