namespace Dtaas.Kubernetes.Election;

/// <summary>Settings of a <see cref="LeaseCampaign"/>; the defaults are client-go's (a standby takes over about 15 s after the leader dies).</summary>
public sealed record LeaseCampaignOptions
{
    /// <summary>This candidate's name in the lease; unique per process (two processes with one identity would both lead).</summary>
    public required string Identity { get; init; }

    public required string LeaseName { get; init; }

    public required string LeaseNamespace { get; init; }

    /// <summary>How long a standby waits, after it last saw the lease change, before taking it over (whole seconds: the Lease stores seconds).</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps leading without a successful renewal; shorter than <see cref="LeaseDuration"/>.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The pause between attempts to acquire or renew.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>On cancellation, clear the lease so a standby takes over at its next try instead of after <see cref="LeaseDuration"/>.</summary>
    public bool ReleaseOnCancel { get; init; } = true;

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(Identity);
        ArgumentException.ThrowIfNullOrEmpty(LeaseName);
        ArgumentException.ThrowIfNullOrEmpty(LeaseNamespace);
        if (RetryPeriod <= TimeSpan.Zero || RenewDeadline <= RetryPeriod || LeaseDuration <= RenewDeadline || LeaseDuration.TotalSeconds % 1 != 0)
        {
            throw new ArgumentException(
                $"Leader election needs 0 < RetryPeriod ({RetryPeriod}) < RenewDeadline ({RenewDeadline}) < LeaseDuration ({LeaseDuration}), " +
                "the lease duration in whole seconds: the leader must give up before a standby may take over.");
        }
    }
}
