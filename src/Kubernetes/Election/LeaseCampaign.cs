using k8s;
using k8s.Autorest;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Microsoft.Extensions.Logging;

namespace Dtaas.Kubernetes.Election;

/// <summary>
/// Leader election on a coordination.k8s.io/v1 Lease with the library's <see cref="LeaderElector"/> and
/// <see cref="LeaseLock"/>. What this adds: campaigning again after a failure the library lets escape (a refused
/// connection while acquiring), a token for the leader's work that is cancelled when leadership ends, and releasing
/// the lease on a clean stop as client-go does (the library leaves it held until it expires), and fencing: leadership
/// ends when the <see cref="LeaseFence"/> expires (the renew deadline after the last successful write was sent), before
/// a standby may take the lease, even while the library is still trying to renew; the campaign then goes on, so the
/// candidate leads again if it wins the lease back.
/// </summary>
public sealed partial class LeaseCampaign
{
    private readonly IKubernetes _api;
    private readonly LeaseCampaignOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private CancellationTokenSource? _leading;
    private CancellationTokenSource? _term;
    private LeaseFence? _fence;

    public LeaseCampaign(IKubernetes api, LeaseCampaignOptions options, ILogger<LeaseCampaign> logger, TimeProvider? time = null)
    {
        options.Validate();
        _api = api;
        _options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
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

    /// <summary>Campaigns until <paramref name="cancellationToken"/> is cancelled; leads whenever it holds the lease.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var leaseLock = new LeaseLock(_api, _options.LeaseNamespace, _options.LeaseName, _options.Identity);
        leaseLock.OnHttpError += e => LogLeaseError(_options.Identity, (int)e.Response.StatusCode, e.Response.ReasonPhrase);
        using var fence = new LeaseFence(_options.RenewDeadline, _time);
        fence.Expired += Fenced;
        _fence = fence;
        using var elector = new LeaderElector(new LeaderElectionConfig(new FencedLeaseLock(leaseLock, fence))
        {
            LeaseDuration = _options.LeaseDuration,
            RenewDeadline = _options.RenewDeadline,
            RetryPeriod = _options.RetryPeriod,
        });
        elector.OnStartedLeading += StartedLeading;
        elector.OnStoppedLeading += () =>
        {
            fence.Clear();
            StoppedLeading();
        };
        elector.OnNewLeader += leader =>
        {
            // A released lease has no holder: nobody leads yet.
            if (!string.IsNullOrEmpty(leader))
            {
                LogNewLeader(_options.Identity, leader);
                OnNewLeader?.Invoke(leader);
            }
        };
        elector.OnError += e => LogElectionError(_options.Identity, e.Message);

        LogCampaigning(_options.Identity, _options.LeaseNamespace, _options.LeaseName);
        while (!cancellationToken.IsCancellationRequested)
        {
            using var term = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _term = term;
            try
            {
                await elector.RunUntilLeadershipLostAsync(term.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (OperationCanceledException) when (term.IsCancellationRequested)
            {
                // Fenced: campaign again at once, as a standby.
            }
            catch (Exception e)
            {
                LogElectionError(_options.Identity, e.Message);
                await Task.Delay(_options.RetryPeriod, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            finally
            {
                _term = null;
            }
        }

        if (_options.ReleaseOnCancel && elector.IsLeader())
        {
            await ReleaseAsync().ConfigureAwait(false);
        }
    }

    private void StartedLeading()
    {
        if (_fence?.ValidUntil is null)
        {
            // The write that won the lease came back after its deadline: fenced already, this term is ending.
            return;
        }
        LogStartedLeading(_options.Identity);
        _leading = new CancellationTokenSource();
        OnStartedLeading?.Invoke(_leading.Token);
    }

    /// <summary>
    /// The renew deadline passed since the last successful write was sent: leadership ends now, before a standby may
    /// take the lease, and the library's renewing is stopped so it cannot go on as leader.
    /// </summary>
    private void Fenced()
    {
        LogFenced(_options.Identity, _options.RenewDeadline.TotalSeconds);
        StoppedLeading();
        try
        {
            _term?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // That term has ended already.
        }
    }

    private void StoppedLeading()
    {
        if (Interlocked.Exchange(ref _leading, null) is not { } leading)
        {
            return;
        }

        leading.Cancel();
        leading.Dispose();
        LogStoppedLeading(_options.Identity);
        OnStoppedLeading?.Invoke();
    }

    /// <summary>
    /// Hands the lease of <paramref name="deadHolder"/> on at once instead of after its duration: for a holder known
    /// to be dead (its silo was declared dead by the node's cluster, which a live silo learns and then stops). Only a
    /// lease still held by that identity is touched; the write carries the version read, so a newer holder wins.
    /// </summary>
    public async Task<bool> BreakAsync(string deadHolder, CancellationToken cancellationToken)
    {
        var broken = await HandOnAsync(deadHolder, cancellationToken).ConfigureAwait(false);
        if (broken)
        {
            LogBroken(_options.Identity, deadHolder);
        }
        return broken;
    }

    private async Task ReleaseAsync()
    {
        using var timeout = new CancellationTokenSource(_options.RenewDeadline);
        if (await HandOnAsync(_options.Identity, timeout.Token).ConfigureAwait(false))
        {
            LogReleased(_options.Identity);
        }
    }

    /// <summary>
    /// Hands the lease on as client-go does: no holder (an empty string; the library's elector cannot take a lease
    /// whose holder is missing) and a one-second duration, so a standby takes it at its next try. A write that meets a
    /// newer version (409: the holder's last renewal landed between the read and the write) reads again and tries
    /// again while that holder still holds it.
    /// </summary>
    private async Task<bool> HandOnAsync(string holder, CancellationToken cancellationToken)
    {
        const int attempts = 3;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                var lease = await _api.CoordinationV1.ReadNamespacedLeaseAsync(_options.LeaseName, _options.LeaseNamespace, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (lease.Spec?.HolderIdentity != holder)
                {
                    return false;
                }

                var now = DateTime.UtcNow;
                lease.Spec.HolderIdentity = "";
                lease.Spec.LeaseDurationSeconds = 1;
                lease.Spec.AcquireTime = now;
                lease.Spec.RenewTime = now;
                await _api.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, _options.LeaseName, _options.LeaseNamespace, cancellationToken: cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict && attempt < attempts)
            {
                // Read the newer version and decide again.
            }
            catch (Exception e) when (e is HttpOperationException or HttpRequestException or OperationCanceledException)
            {
                // The lease then expires on its own after its duration.
                LogElectionError(_options.Identity, $"could not hand the lease of {holder} on: {e.Message}");
                return false;
            }
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

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Identity}: the lease write was refused ({StatusCode} {Reason})")]
    private partial void LogLeaseError(string identity, int statusCode, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Identity} could not read or write the lease: {Error}")]
    private partial void LogElectionError(string identity, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Identity} could not renew the lease within {Seconds} s of its last renewal: it stops leading before a standby may take the lease")]
    private partial void LogFenced(string identity, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} released the lease")]
    private partial void LogReleased(string identity);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} broke the lease of {DeadHolder}, whose silo is dead")]
    private partial void LogBroken(string identity, string deadHolder);
}
