namespace Dtaas.Grains.Ports;

/// <summary>
/// The clock the grains read the time from: a keyed <see cref="TimeProvider"/>, so a test can stop and advance it
/// without stopping Orleans' own timers and timeouts, which take the unkeyed one.
/// </summary>
public static class GrainClock
{
    public const string Key = "dtaas-grains";
}
