namespace Dtaas.Kubernetes.Client;

/// <summary>
/// The bearer token for each request. A token file is re-read once a minute, as client-go does,
/// because projected service-account tokens are rotated by the kubelet.
/// </summary>
internal sealed class BearerTokenSource(string? token, string? tokenFile, TimeProvider timeProvider)
{
    private static readonly TimeSpan RereadInterval = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private string? _fileToken;
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;

    public async ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (tokenFile is null)
        {
            return token;
        }

        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            if (_fileToken is not null && now - _readAt < RereadInterval)
            {
                return _fileToken;
            }
        }

        var read = (await File.ReadAllTextAsync(tokenFile, cancellationToken).ConfigureAwait(false)).Trim();
        lock (_gate)
        {
            _fileToken = read;
            _readAt = now;
        }

        return read;
    }
}
