using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dtaas.Kubernetes.Controllers;

/// <summary>
/// Keys waiting to be processed, with client-go workqueue semantics: a key added while it waits is queued
/// once; a key added while it is being processed is processed once more after that run (never twice at the
/// same time); a key that fails is retried after a per-key exponential backoff, which success resets.
/// Either drive it with <see cref="RunAsync"/> or take keys yourself with <see cref="TakeAsync"/> and <see cref="Done"/>.
/// </summary>
public sealed partial class WorkQueue
{
    private readonly Lock _gate = new();
    private readonly Channel<string> _ready = Channel.CreateUnbounded<string>();
    // Added and not yet taken. A key is in _ready exactly when it is dirty and not being processed.
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly HashSet<string> _processing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DelayedAdd> _delayed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly string _name;
    private readonly WorkQueueOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private bool _shutDown;
    private int _running;

    /// <param name="name">Names the queue in logs, e.g. the kind it serves.</param>
    public WorkQueue(string name, WorkQueueOptions? options = null, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        _name = name;
        _options = options ?? new WorkQueueOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxConcurrency, 1);
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Keys ready to be taken now (not those being processed or waiting for a delay).</summary>
    public int Count => _ready.Reader.Count;

    /// <summary>Queues the key unless it is queued already. After <see cref="ShutDown"/> it is ignored.</summary>
    public void Add(string key)
    {
        lock (_gate)
        {
            AddLocked(key);
        }
    }

    /// <summary>Queues the key once the delay has passed; of several pending delays for a key the earliest wins.</summary>
    public void AddAfter(string key, TimeSpan delay)
    {
        lock (_gate)
        {
            AddAfterLocked(key, delay);
        }
    }

    /// <summary>Counts a failure of the key and queues it again after the backoff for that many failures; returns the delay.</summary>
    public TimeSpan Retry(string key)
    {
        lock (_gate)
        {
            // Counted and scheduled in one step: whoever sees the new count also finds the retry pending.
            var failures = _failures[key] = _failures.GetValueOrDefault(key) + 1;
            var delay = _options.FailureBackoff.DelayAfter(failures);
            AddAfterLocked(key, delay);
            return delay;
        }
    }

    /// <summary>Consecutive failures of the key since it last succeeded.</summary>
    public int Failures(string key)
    {
        lock (_gate)
        {
            return _failures.GetValueOrDefault(key);
        }
    }

    /// <summary>The key succeeded: its next failure starts the backoff from the beginning.</summary>
    public void Forget(string key)
    {
        lock (_gate)
        {
            _failures.Remove(key);
        }
    }

    /// <summary>
    /// Waits for a key and marks it as being processed; the caller must call <see cref="Done"/> with it.
    /// After <see cref="ShutDown"/>, keys still queued are handed out, then it throws <see cref="ChannelClosedException"/>.
    /// </summary>
    public async ValueTask<string> TakeAsync(CancellationToken cancellationToken)
    {
        var key = await _ready.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _dirty.Remove(key);
            _processing.Add(key);
        }

        return key;
    }

    /// <summary>Ends the processing of a taken key; if it was added meanwhile, it is queued again.</summary>
    public void Done(string key)
    {
        lock (_gate)
        {
            _processing.Remove(key);
            if (!_shutDown && _dirty.Contains(key))
            {
                _ready.Writer.TryWrite(key);
            }
        }
    }

    /// <summary>Stops accepting keys and drops pending delays; keys already queued can still be taken.</summary>
    public void ShutDown()
    {
        lock (_gate)
        {
            _shutDown = true;
            foreach (var pending in _delayed.Values)
            {
                pending.Timer.Dispose();
            }

            _delayed.Clear();
            _ready.Writer.TryComplete();
        }
    }

    /// <summary>
    /// Processes keys with up to <see cref="WorkQueueOptions.MaxConcurrency"/> workers until cancelled, then waits for
    /// runs in progress (they see the token cancelled) and shuts the queue down. A run that throws is a failure of its
    /// key, retried after the backoff (<see cref="Retry"/>); a run that completes resets it (<see cref="Forget"/>).
    /// </summary>
    public async Task RunAsync(Func<string, CancellationToken, Task> process, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException($"The work queue {_name} is already running or has run.");
        }

        try
        {
            await Task.WhenAll(Enumerable.Range(0, _options.MaxConcurrency).Select(_ => WorkAsync(process, cancellationToken))).ConfigureAwait(false);
        }
        finally
        {
            ShutDown();
        }
    }

    private async Task WorkAsync(Func<string, CancellationToken, Task> process, CancellationToken cancellationToken)
    {
        while (true)
        {
            string key;
            try
            {
                key = await TakeAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ChannelClosedException)
            {
                return;
            }

            try
            {
                await process(key, cancellationToken).ConfigureAwait(false);
                var failures = Failures(key);
                if (failures > 0)
                {
                    LogRecovered(_name, key, failures);
                }

                Forget(key);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Shutting down: the run was told to stop, which is not a failure of the key.
            }
            catch (Exception exception)
            {
                var delay = Retry(key);
                LogFailed(exception, _name, key, Failures(key), delay.TotalMilliseconds);
            }
            finally
            {
                Done(key);
            }
        }
    }

    private void AddLocked(string key)
    {
        if (_shutDown || !_dirty.Add(key) || _processing.Contains(key))
        {
            return;
        }

        _ready.Writer.TryWrite(key);
    }

    private void AddAfterLocked(string key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            AddLocked(key);
            return;
        }

        if (_shutDown)
        {
            return;
        }

        var due = _time.GetUtcNow() + delay;
        if (_delayed.TryGetValue(key, out var pending))
        {
            if (pending.Due <= due)
            {
                return;
            }

            pending.Timer.Dispose();
        }

        // The lock is held, so even a timer that fires at once finds its entry in place.
        _delayed[key] = new DelayedAdd(due, _time.CreateTimer(_ => AddWhenDue(key, due), null, delay, Timeout.InfiniteTimeSpan));
    }

    private void AddWhenDue(string key, DateTimeOffset due)
    {
        lock (_gate)
        {
            // A timer replaced by an earlier one, or dropped at shutdown, may still fire once; it no longer counts.
            if (!_delayed.TryGetValue(key, out var pending) || pending.Due != due)
            {
                return;
            }

            _delayed.Remove(key);
            pending.Timer.Dispose();
            AddLocked(key);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Queue} {Key} failed (attempt {Attempt}); retrying in {DelayMs} ms")]
    private partial void LogFailed(Exception exception, string queue, string key, int attempt, double delayMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Queue} {Key} succeeded after {Failures} failed attempts")]
    private partial void LogRecovered(string queue, string key, int failures);

    private sealed record DelayedAdd(DateTimeOffset Due, ITimer Timer);
}
