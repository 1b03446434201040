using Dtaas.Grains.Interfaces.Models;
using Dtaas.Kubernetes.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dtaas.Kubernetes.LeaderElection;

/// <summary>
/// Leader election on a coordination.k8s.io/v1 Lease, as client-go's leaderelection does it. Every
/// write carries the resourceVersion that was read, so of two candidates racing for the lease one gets
/// 409 and stays standby. A standby takes the lease once it has seen no change to it for the lease
/// duration, measured on its own clock from when it saw the last change (no trust in other clocks).
/// The leader gives up when it has not renewed within the renew deadline, which is shorter than the
/// lease duration, so it has stopped before anyone else can start.
/// </summary>
public sealed partial class LeaderElector
{
    private readonly IKubernetesClient _client;
    private readonly LeaderElectionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private V1Lease? _observed;
    private DateTimeOffset _observedAt;
    private int _running;
    private volatile bool _isLeader;

    public LeaderElector(IKubernetesClient client, LeaderElectionOptions options, TimeProvider? timeProvider = null, ILogger<LeaderElector>? logger = null)
    {
        options.Validate();
        _client = client;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>
    /// Raised on becoming leader. The token is cancelled when leadership ends: stop the leader's work then.
    /// Handlers run on the election loop, so they start work and return; they must not block.
    /// </summary>
    public event Action<CancellationToken>? OnStartedLeading;

    /// <summary>Raised after leadership ended (lost, or the run was cancelled), once the leader's token is cancelled.</summary>
    public event Action? OnStoppedLeading;

    /// <summary>Raised when the lease is seen held by a different candidate (including this one).</summary>
    public event Action<string>? OnNewLeader;

    public string Identity => _options.Identity;

    public bool IsLeader => _isLeader;

    /// <summary>
    /// Campaigns until <paramref name="cancellationToken"/> is cancelled: waits to acquire the lease,
    /// leads while renewing it, and after losing it goes back to waiting. Returns when cancelled.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException("This elector is already running.");
        }

        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var acquiredAt = await AcquireAsync(cancellationToken).ConfigureAwait(false);
                await LeadAsync(acquiredAt, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancellation is how a run ends. The leader's work was told to stop (its token) before the
            // lease is released, so a standby cannot start while it still runs.
            if (_options.ReleaseOnCancel)
            {
                await ReleaseAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    /// <summary>Tries every retry period (jittered, so standbys do not move in step) until the lease is ours.</summary>
    private async Task<DateTimeOffset> AcquireAsync(CancellationToken cancellationToken)
    {
        LogCampaigning(_options.Identity, _options.LeaseNamespace, _options.LeaseName);
        while (true)
        {
            var attemptAt = _time.GetUtcNow();
            if (await TryAcquireOrRenewAsync(cancellationToken).ConfigureAwait(false))
            {
                return attemptAt;
            }

            await Task.Delay(_options.RetryPeriod * (1 + (Random.Shared.NextDouble() * 0.2)), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task LeadAsync(DateTimeOffset renewedAt, CancellationToken cancellationToken)
    {
        using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _isLeader = true;
        LogStartedLeading(_options.Identity);
        Raise(() => OnStartedLeading?.Invoke(leading.Token), nameof(OnStartedLeading));
        try
        {
            await RenewUntilLostAsync(renewedAt, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _isLeader = false;
            leading.Cancel();
            LogStoppedLeading(_options.Identity);
            Raise(() => OnStoppedLeading?.Invoke(), nameof(OnStoppedLeading));
        }
    }

    /// <summary>Renews every retry period; returns when the lease is lost.</summary>
    private async Task RenewUntilLostAsync(DateTimeOffset renewedAt, CancellationToken cancellationToken)
    {
        while (true)
        {
            // Wake at the deadline at the latest, so a leader that cannot renew stops on time.
            var deadline = renewedAt + _options.RenewDeadline;
            var untilDeadline = deadline - _time.GetUtcNow();
            var pause = untilDeadline < _options.RetryPeriod ? TimeSpan.FromTicks(Math.Max(0, untilDeadline.Ticks)) : _options.RetryPeriod;
            await Task.Delay(pause, _time, cancellationToken).ConfigureAwait(false);

            var attemptAt = _time.GetUtcNow();
            if (attemptAt >= deadline)
            {
                LogRenewDeadlinePassed(_options.Identity, _options.RenewDeadline);
                return;
            }

            // The attempt may not outlive the deadline: a hung request must not keep a stale leader leading.
            using var attemptDeadline = new CancellationTokenSource(deadline - attemptAt, _time);
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, attemptDeadline.Token);
            bool renewed;
            try
            {
                renewed = await TryAcquireOrRenewAsync(attempt.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                renewed = false;
            }

            if (renewed)
            {
                renewedAt = attemptAt;
            }
            else if (HeldByOther)
            {
                LogLostToOther(_options.Identity, _observed?.Spec?.HolderIdentity);
                return;
            }
        }
    }

    /// <summary>One read and, when the lease is free, expired or ours, one conditional write.</summary>
    private async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        try
        {
            var lease = await _client.TryGetAsync<V1Lease>(_options.LeaseName, _options.LeaseNamespace, cancellationToken).ConfigureAwait(false);
            if (lease is null)
            {
                Observe(await _client.CreateAsync(NewLease(now), cancellationToken).ConfigureAwait(false), now);
                return true;
            }

            Observe(lease, now);
            var spec = lease.Spec ?? new V1LeaseSpec();
            var ours = spec.HolderIdentity == _options.Identity;
            if (!ours && !string.IsNullOrEmpty(spec.HolderIdentity) && now < _observedAt + DurationOf(spec))
            {
                return false;
            }

            var renewed = lease with
            {
                Spec = spec with
                {
                    HolderIdentity = _options.Identity,
                    LeaseDurationSeconds = (int)Math.Ceiling(_options.LeaseDuration.TotalSeconds),
                    AcquireTime = ours ? spec.AcquireTime ?? now : now,
                    RenewTime = now,
                    LeaseTransitions = ours ? spec.LeaseTransitions ?? 0 : (spec.LeaseTransitions ?? 0) + 1,
                },
            };
            Observe(await _client.UpdateAsync(renewed, cancellationToken).ConfigureAwait(false), now);
            return true;
        }
        catch (KubernetesConflictException)
        {
            LogLostRace(_options.Identity);
            return false;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogAttemptFailed(exception, _options.Identity, exception.Message);
            return false;
        }
    }

    /// <summary>Clears the holder so a standby need not wait out the lease; best effort.</summary>
    private async Task ReleaseAsync()
    {
        if (_observed is not { Spec.HolderIdentity: var holder } lease || holder != _options.Identity)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(_options.RenewDeadline, _time);
        var now = _time.GetUtcNow();
        try
        {
            var released = lease with
            {
                Spec = lease.Spec with { HolderIdentity = null, LeaseDurationSeconds = 1, AcquireTime = now, RenewTime = now },
            };
            Observe(await _client.UpdateAsync(released, timeout.Token).ConfigureAwait(false), now);
            LogReleased(_options.Identity);
        }
        catch (Exception exception)
        {
            LogAttemptFailed(exception, _options.Identity, exception.Message);
        }
    }

    private V1Lease NewLease(DateTimeOffset now) => new()
    {
        Metadata = new ObjectMeta { Name = _options.LeaseName, Namespace = _options.LeaseNamespace },
        Spec = new V1LeaseSpec
        {
            HolderIdentity = _options.Identity,
            LeaseDurationSeconds = (int)Math.Ceiling(_options.LeaseDuration.TotalSeconds),
            AcquireTime = now,
            RenewTime = now,
            LeaseTransitions = 0,
        },
    };

    /// <summary>Remembers when the lease last changed, by this process's clock: expiry is measured from here.</summary>
    private void Observe(V1Lease lease, DateTimeOffset now)
    {
        var previousHolder = _observed?.Spec?.HolderIdentity;
        if (_observed?.Metadata.ResourceVersion != lease.Metadata.ResourceVersion)
        {
            _observedAt = now;
        }

        _observed = lease;
        if (lease.Spec?.HolderIdentity is { Length: > 0 } holder && holder != previousHolder)
        {
            LogNewLeader(_options.Identity, holder);
            Raise(() => OnNewLeader?.Invoke(holder), nameof(OnNewLeader));
        }
    }

    private bool HeldByOther => _observed?.Spec?.HolderIdentity is { Length: > 0 } holder && holder != _options.Identity;

    /// <summary>The holder's own declared duration, so candidates configured differently still agree.</summary>
    private TimeSpan DurationOf(V1LeaseSpec spec) =>
        spec.LeaseDurationSeconds is int seconds and > 0 ? TimeSpan.FromSeconds(seconds) : _options.LeaseDuration;

    /// <summary>A handler that throws must not break the election.</summary>
    private void Raise(Action raise, string name)
    {
        try
        {
            raise();
        }
        catch (Exception exception)
        {
            LogHandlerFailed(exception, name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} is campaigning for lease {Namespace}/{Lease}")]
    private partial void LogCampaigning(string identity, string @namespace, string lease);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} started leading")]
    private partial void LogStartedLeading(string identity);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} stopped leading")]
    private partial void LogStoppedLeading(string identity);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} sees {Leader} as leader")]
    private partial void LogNewLeader(string identity, string leader);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Identity} could not renew within {RenewDeadline}; giving up leadership")]
    private partial void LogRenewDeadlinePassed(string identity, TimeSpan renewDeadline);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Identity} lost the lease to {Holder}")]
    private partial void LogLostToOther(string identity, string? holder);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Identity} lost a race for the lease (409)")]
    private partial void LogLostRace(string identity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Identity} could not read or write the lease: {Error}")]
    private partial void LogAttemptFailed(Exception exception, string identity, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} released the lease")]
    private partial void LogReleased(string identity);

    [LoggerMessage(Level = LogLevel.Error, Message = "A {Event} handler failed")]
    private partial void LogHandlerFailed(Exception exception, string @event);
}
