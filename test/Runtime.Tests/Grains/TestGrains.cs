using System.Collections.Concurrent;
using System.Text.Json.Serialization;
using Dtaas.Runtime;

namespace Dtaas.Runtime.Tests.Grains;

/// <summary>Records what grains observe, shared through DI (tests must not use static state).</summary>
public sealed class Probe
{
    private int _inside;
    public int MaxInside;
    public int Overlaps;
    public int Activations;
    public int Deactivations;
    public readonly ConcurrentQueue<int> Order = new();
    public readonly ConcurrentQueue<string> Events = new();
    public readonly TaskCompletionSource<bool> CancellationSeen = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public readonly TaskCompletionSource WaitingForCancellation = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Marks entry into a critical section; counts an overlap if someone else is inside.</summary>
    public void Enter()
    {
        int now = Interlocked.Increment(ref _inside);
        if (now > 1)
        {
            Interlocked.Increment(ref Overlaps);
        }
        int max;
        while (now > (max = Volatile.Read(ref MaxInside)) && Interlocked.CompareExchange(ref MaxInside, now, max) != max) { }
    }

    public void Exit() => Interlocked.Decrement(ref _inside);
}

/// <summary>Gates that tests open to let a blocked grain call finish, keyed by name.</summary>
public sealed class Gates
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new();
    public TaskCompletionSource this[string name] => _gates.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}

public sealed class CounterState
{
    public int Value { get; set; }
}

/// <summary>Has no (string) constructor, so a remote caller cannot recreate it from type name and message alone.</summary>
public sealed class CustomGrainFailure(string message, int code) : Exception(message)
{
    public int Code { get; } = code;
}

public interface ITurnGrain : IGrainWithStringKey
{
    /// <summary>Enters the probe, yields several times, and leaves: a request that spans many turns.</summary>
    Task Work(int sequence);
    Task<string> Echo(string value);
    Task WaitAtGate(string gate);
    [AlwaysInterleave]
    Task<string> Interleaving(string value);
    Task StartTimer(int periodMs);
    Task<int> TimerTicks();
    Task Throw(string message);
    Task ThrowCustom(string message);
    Task Hang();
    Task WaitForCancellation(CancellationToken cancellationToken);
    Task<int> Add(int amount);
    Task<int> ReadCounter();
    Task Deactivate();
    /// <summary>Asks to be kept from idle collection for <paramref name="ms"/> milliseconds.</summary>
    Task KeepAlive(int ms);
    /// <summary>The calling node as the runtime reports it, read after an await.</summary>
    Task<string?> WhoCalls();
    /// <summary>What a grain this one calls sees as its caller.</summary>
    Task<string?> WhoCallsNested(string key);
}

public sealed class TurnGrain(Probe probe, Gates gates, [PersistentState("counter")] IPersistentState<CounterState> counter) : Grain, ITurnGrain
{
    private int _ticks;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref probe.Activations);
        probe.Events.Enqueue($"activate {GetPrimaryKeyString()}");
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref probe.Deactivations);
        probe.Events.Enqueue($"deactivate {GetPrimaryKeyString()} {reason}");
        return Task.CompletedTask;
    }

    public async Task Work(int sequence)
    {
        probe.Enter();
        probe.Order.Enqueue(sequence);
        for (int i = 0; i < 3; i++)
        {
            await Task.Yield();
        }
        probe.Exit();
    }

    public Task<string> Echo(string value) => Task.FromResult(value);

    public async Task WaitAtGate(string gate)
    {
        probe.Events.Enqueue($"enter {gate}");
        await gates[gate].Task;
        probe.Events.Enqueue($"leave {gate}");
    }

    public Task<string> Interleaving(string value)
    {
        probe.Events.Enqueue($"interleave {value}");
        return Task.FromResult(value);
    }

    public Task KeepAlive(int ms)
    {
        DelayDeactivation(TimeSpan.FromMilliseconds(ms));
        return Task.CompletedTask;
    }

    public Task StartTimer(int periodMs)
    {
        RegisterGrainTimer(async _ =>
        {
            probe.Enter();
            _ticks++;
            await Task.Yield();
            probe.Exit();
        }, TimeSpan.Zero, TimeSpan.FromMilliseconds(periodMs));
        return Task.CompletedTask;
    }

    public Task<int> TimerTicks() => Task.FromResult(_ticks);

    public Task Throw(string message) => throw new InvalidOperationException(message);

    public Task ThrowCustom(string message) => throw new CustomGrainFailure(message, 7);

    public Task Hang() => Task.Delay(Timeout.Infinite);

    public async Task WaitForCancellation(CancellationToken cancellationToken)
    {
        try
        {
            probe.WaitingForCancellation.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            probe.CancellationSeen.TrySetResult(true);
            throw;
        }
    }

    public async Task<int> Add(int amount)
    {
        counter.State.Value += amount;
        await counter.WriteStateAsync();
        return counter.State.Value;
    }

    public Task<int> ReadCounter() => Task.FromResult(counter.State.Value);

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public async Task<string?> WhoCalls()
    {
        await Task.Yield();
        return GrainCallContext.CallerNodeId;
    }

    public Task<string?> WhoCallsNested(string key) => GrainFactory.GetGrain<ITurnGrain>(key).WhoCalls();
}

public interface IReentrantGrain : IGrainWithStringKey
{
    Task WaitAtGate(string gate);
    Task<string> Echo(string value);
    Task Work(int sequence);
}

[Reentrant]
public sealed class ReentrantGrain(Probe probe, Gates gates) : Grain, IReentrantGrain
{
    public async Task WaitAtGate(string gate)
    {
        probe.Events.Enqueue($"enter {gate}");
        await gates[gate].Task;
        probe.Events.Enqueue($"leave {gate}");
    }

    public Task<string> Echo(string value) => Task.FromResult(value);

    // Each synchronous segment enters and leaves the probe: segments of interleaved requests must still never overlap.
    public async Task Work(int sequence)
    {
        for (int i = 0; i < 3; i++)
        {
            probe.Enter();
            Thread.SpinWait(50);
            probe.Exit();
            await Task.Yield();
        }
    }
}

[JsonSerializable(typeof(CounterState))]
public sealed partial class TestJsonContext : JsonSerializerContext;
