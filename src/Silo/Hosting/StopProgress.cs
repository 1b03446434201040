using Dtaas.Gateway;

namespace Dtaas.Silo.Hosting;

/// <summary>What a stopping silo is doing now: named in the log line when the stop overruns --shutdown-timeout.</summary>
public sealed class StopProgress
{
    private volatile string _step = "starting";

    public string Step => _step;

    internal void Enter(string step) => _step = step;

    internal void Enter(IAsyncDisposable resource) => _step = resource switch
    {
        KestrelListener listener => $"stopping the listener at {listener.Address}",
        _ => $"stopping {resource.GetType().Name}",
    };
}
