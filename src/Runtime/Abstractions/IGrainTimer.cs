namespace Dtaas.Runtime;

/// <summary>A timer owned by one activation. Its ticks are turns of that activation; disposing stops it.</summary>
public interface IGrainTimer : IDisposable
{
    /// <summary>Re-arms the timer: first tick after <paramref name="dueTime"/>, then every <paramref name="period"/> after a tick completes.</summary>
    void Change(TimeSpan dueTime, TimeSpan period);
}
