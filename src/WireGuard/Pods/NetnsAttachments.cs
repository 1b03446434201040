using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dtaas.WireGuard.Netns;
using Microsoft.Extensions.Logging;

namespace Dtaas.WireGuard.Pods;

/// <summary>
/// Gives a network namespace that has no name under /var/run/netns (a container's, or one bound elsewhere) a name
/// there, so <c>ip -n</c> and <c>ip netns exec</c> reach it: <c>ip netns attach NAME PID</c> for a process's namespace,
/// a bind mount of the file for a namespace bound at another path. Names are <c>dtpod-</c> + 10 hex digits of a
/// SHA-256 of what they stand for, so the same pod keeps its name across restarts. Attaching is idempotent: a name
/// that already points at the same namespace (same nsfs device and inode) is kept; one that points elsewhere (the pod
/// was recreated) is released first, which also lets the old namespace go. Note that an attachment keeps its
/// namespace alive until it is released.
/// </summary>
public sealed class NetnsAttachments(IpCommand ip, ILogger logger)
{
    public const string RunDirectory = "/var/run/netns";
    public const string Prefix = "dtpod-";

    private readonly SemaphoreSlim _lock = new(1, 1);

    public static string DeriveName(string what) =>
        Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(what)).AsSpan(0, 5));

    /// <summary>Names the network namespace of process <paramref name="pid"/> <paramref name="name"/>.</summary>
    public Task<string> AttachPidAsync(string name, int pid, CancellationToken cancellationToken) =>
        AttachAsync(name, $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/ns/net", cancellationToken,
            () => ip.RunCheckedAsync(null, ["netns", "attach", name, pid.ToString(CultureInfo.InvariantCulture)], cancellationToken));

    /// <summary>Names the network namespace bound at <paramref name="path"/> <paramref name="name"/> (a bind mount).</summary>
    public Task<string> AttachPathAsync(string name, string path, CancellationToken cancellationToken) =>
        AttachAsync(name, path, cancellationToken, async () =>
        {
            Directory.CreateDirectory(RunDirectory);
            var target = Path.Combine(RunDirectory, name);
            await File.WriteAllBytesAsync(target, [], cancellationToken);
            await ip.Runner.RunCheckedAsync("mount", ["--bind", path, target], cancellationToken);
        });

    /// <summary>Whether <paramref name="path"/> is a network namespace (a file on nsfs), rather than any file.</summary>
    public async Task<bool> IsNetworkNamespaceAsync(string path, CancellationToken cancellationToken)
    {
        var result = await ip.Runner.RunAsync("stat", ["-L", "-f", "-c", "%T", "--", path], cancellationToken);
        return result.Succeeded && result.Stdout.Trim() == "nsfs";
    }

    private async Task<string> AttachAsync(string name, string source, CancellationToken cancellationToken, Func<Task> attach)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var target = Path.Combine(RunDirectory, name);
            var wanted = await IdentityAsync(source, cancellationToken)
                ?? throw new InvalidOperationException($"{source} is gone: cannot name its network namespace {name}");
            if (File.Exists(target))
            {
                if (await IdentityAsync(target, cancellationToken) == wanted)
                {
                    return name;
                }
                logger.LogInformation("Network namespace name {Netns} pointed at another namespace (the pod was recreated); re-attaching it to {Source}", name, source);
                await ReleaseAsync(name, cancellationToken);
            }
            await attach();
            logger.LogInformation("Attached network namespace {Source} as {Netns}", source, name);
            return name;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Removes the name (unmounting it); a name that is not there is not an error.</summary>
    public async Task ReleaseAsync(string name, CancellationToken cancellationToken)
    {
        var target = Path.Combine(RunDirectory, name);
        if (!File.Exists(target))
        {
            return;
        }
        // ip netns delete unmounts and removes the file; for a file that never got mounted it still removes it.
        var deleted = await ip.RunAsync(null, ["netns", "delete", name], cancellationToken);
        if (!deleted.Succeeded && File.Exists(target))
        {
            await ip.Runner.RunAsync("umount", [target], cancellationToken);
            File.Delete(target);
        }
    }

    /// <summary>"device:inode" of the file after following links: for nsfs, the namespace's identity.</summary>
    private async Task<string?> IdentityAsync(string path, CancellationToken cancellationToken)
    {
        var result = await ip.Runner.RunAsync("stat", ["-L", "-c", "%d:%i", "--", path], cancellationToken);
        return result.Succeeded ? result.Stdout.Trim() : null;
    }
}
