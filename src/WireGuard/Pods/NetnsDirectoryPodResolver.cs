using Dtaas.WireGuard.Netns;
using Microsoft.Extensions.Logging;

namespace Dtaas.WireGuard.Pods;

/// <summary>
/// The standalone resolver (<c>--pod-netns-dir</c>): pod NAME is the network namespace bound at DIR/NAME. In
/// /var/run/netns (the default) that is the namespace <c>ip netns</c> calls NAME. Elsewhere it is bind-mounted under
/// /var/run/netns as <c>dtpod-</c>+hash(DIR/NAME) (see <see cref="NetnsAttachments"/>), because <c>ip -n</c> only
/// takes names from there; the mount is made once and kept, and remade if DIR/NAME now holds another namespace.
/// </summary>
public sealed class NetnsDirectoryPodResolver : IPodResolver
{
    private readonly string _directory;
    private readonly bool _isRunDirectory;
    private readonly NetnsAttachments _attachments;
    private readonly ILogger _logger;

    public NetnsDirectoryPodResolver(string directory, IpCommand ip, ILogger logger)
    {
        _directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        // /var/run is /run on every current distribution; either spelling means ip's own directory.
        _isRunDirectory = _directory is NetnsAttachments.RunDirectory or "/run/netns";
        _attachments = new NetnsAttachments(ip, logger);
        _logger = logger;
    }

    public string Directory => _directory;

    public async Task<string?> ResolveAsync(string podName, CancellationToken cancellationToken)
    {
        if (PodNames.Problem(podName) is { } problem)
        {
            _logger.LogWarning("No pod {Pod}: {Problem}", podName, problem);
            return null;
        }
        var path = Path.Combine(_directory, podName);
        if (!File.Exists(path))
        {
            return null;
        }
        if (_isRunDirectory)
        {
            return podName;
        }
        if (!await _attachments.IsNetworkNamespaceAsync(path, cancellationToken))
        {
            _logger.LogWarning("No pod {Pod}: {Path} is not a network namespace", podName, path);
            return null;
        }
        return await _attachments.AttachPathAsync(NetnsAttachments.DeriveName(path), path, cancellationToken);
    }
}
