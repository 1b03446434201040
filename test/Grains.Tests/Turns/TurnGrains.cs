using Orleans;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace Dtaas.Grains.Tests.Turns;

/// <summary>Records each turn's start and end so a test can tell whether two turns overlapped.</summary>
[Alias("dtaas.tests.ITurnGrain")]
public interface ITurnGrain : IGrainWithStringKey
{
    [Alias("Hold")]
    Task<IReadOnlyList<string>> Hold(string name, TimeSpan duration);

    [Alias("StartTicking")]
    Task StartTicking(TimeSpan period);

    [Alias("Log")]
    Task<IReadOnlyList<string>> Log();
}

/// <summary>Like dtDomain, dtApp and dtService grains: one turn at a time, timers included.</summary>
public class SerialTurnGrain : Grain, ITurnGrain
{
    private readonly List<string> _log = [];
    private IGrainTimer? _timer;

    public async Task<IReadOnlyList<string>> Hold(string name, TimeSpan duration)
    {
        _log.Add($"start {name}");
        await Task.Delay(duration);
        _log.Add($"end {name}");
        return [.. _log];
    }

    public Task StartTicking(TimeSpan period)
    {
        _timer ??= this.RegisterGrainTimer(async _ =>
        {
            _log.Add("start tick");
            await Task.Delay(period / 2);
            _log.Add("end tick");
        }, TimeSpan.Zero, period);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> Log() => Task.FromResult<IReadOnlyList<string>>([.. _log]);
}

/// <summary>Like the federation and dtPeer grains: turns interleave at awaits.</summary>
[Reentrant]
public sealed class InterleavingTurnGrain : SerialTurnGrain;
