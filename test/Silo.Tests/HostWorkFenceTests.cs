using Dtaas.Silo.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dtaas.Silo.Tests;

/// <summary>
/// The gate of a replica's host-bound work: closed the moment leadership ends, before the host's overlays and pod
/// interfaces are removed; opened again only once that removal is over, so a replica that wins the Lease back builds
/// on a clean host and never has a withdrawal run over its new work.
/// </summary>
public sealed class HostWorkFenceTests
{
    [Fact]
    public async Task Closing_refuses_work_at_once_withdraws_everything_and_a_new_term_opens_only_after_the_withdrawal()
    {
        var overlay = new SlowWork();
        var pods = new SlowWork();
        var fence = new HostWorkFence([overlay, pods], NullLogger<HostWorkFence>.Instance);
        Assert.False(fence.IsOpen);
        await fence.OpenAsync(CancellationToken.None);
        Assert.True(fence.IsOpen);
        Assert.Equal(1, overlay.Resumed);

        var closing = fence.CloseAsync(CancellationToken.None);
        Assert.False(fence.IsOpen);
        var opening = fence.OpenAsync(CancellationToken.None);
        Assert.False(opening.IsCompleted);
        Assert.False(fence.IsOpen);

        overlay.Finish();
        pods.Finish();
        await closing;
        await opening;
        Assert.Equal((1, 1), (overlay.Withdrawn, pods.Withdrawn));
        Assert.True(fence.IsOpen);
        Assert.Equal(2, pods.Resumed);
    }

    [Fact]
    public async Task A_withdrawal_that_fails_still_withdraws_the_rest()
    {
        var broken = new SlowWork { Fails = true };
        var pods = new SlowWork();
        broken.Finish();
        pods.Finish();
        var fence = new HostWorkFence([broken, pods], NullLogger<HostWorkFence>.Instance);
        await fence.OpenAsync(CancellationToken.None);

        await fence.CloseAsync(CancellationToken.None);

        Assert.Equal(1, pods.Withdrawn);
        Assert.False(fence.IsOpen);
    }

    private sealed class SlowWork : IWithdrawable
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Fails { get; init; }
        public int Withdrawn { get; private set; }
        public int Resumed { get; private set; }

        public void Finish() => _done.TrySetResult();

        public async Task WithdrawAsync(CancellationToken cancellationToken)
        {
            await _done.Task;
            Withdrawn++;
            if (Fails)
            {
                throw new IOException("ip link del failed");
            }
        }

        public void Resume() => Resumed++;
    }
}
