namespace Dtaas.WireGuard.Netns;

/// <summary>Named network namespaces (<c>ip netns</c>, bound under /var/run/netns): create, delete, list.</summary>
public sealed class NetworkNamespaces(IpCommand ip)
{
    public async Task CreateAsync(string name, CancellationToken cancellationToken)
    {
        await ip.RunCheckedAsync(null, ["netns", "add", name], cancellationToken);
        // Loopback starts down in a fresh namespace; everything that binds 127.0.0.1 there needs it.
        await ip.RunCheckedAsync(name, ["link", "set", "lo", "up"], cancellationToken);
    }

    /// <summary>Deletes the namespace; a namespace that is already gone is not an error.</summary>
    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        if (await ExistsAsync(name, cancellationToken))
        {
            await ip.RunCheckedAsync(null, ["netns", "delete", name], cancellationToken);
        }
    }

    public async Task<bool> ExistsAsync(string name, CancellationToken cancellationToken)
    {
        var result = await ip.RunCheckedAsync(null, ["netns", "list"], cancellationToken);
        // Lines look like "name" or "name (id: 3)".
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(line => line.Split(' ')[0] == name);
    }
}
