using System.Threading.Channels;
using Dtaas.Client;
using Dtaas.Grains.Interfaces.Node;
using Orleans;

namespace Dtaas.SdkConsole;

/// <summary>
/// The console's "watch": subscribes to the node's changes (<see cref="ObjectSubscription"/>), then writes
/// <paramref name="readyFile"/> so whoever changes the dtApp knows the subscription is in place, and prints one line
/// per change to the dtApp <paramref name="name"/>: <c>change Added|Modified|Deleted dtapps namespace/name</c>.
/// Returns 0 once the dtApp is deleted, 1 when that takes over a minute.
/// </summary>
internal sealed class AppWatch(string name, string readyFile, string @namespace) : IObjectObserver
{
    private readonly Channel<ObjectChange> _changes = Channel.CreateUnbounded<ObjectChange>();

    public void OnChanged(ObjectChange change) => _changes.Writer.TryWrite(change);

    public async Task<int> RunAsync(IGrainFactory grains, CancellationToken cancellationToken)
    {
        var key = $"{@namespace}/{name}";
        await using var subscription = await ObjectSubscription.StartAsync(grains, this);
        await File.WriteAllTextAsync(readyFile, "subscribed\n", cancellationToken);
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(TimeSpan.FromMinutes(1));
        try
        {
            await foreach (var change in _changes.Reader.ReadAllAsync(patience.Token))
            {
                if (change.Kind == "dtapps" && change.Key == key)
                {
                    Console.WriteLine($"change {change.Type} {change.Kind} {change.Key}");
                    if (change.Type == ObjectChange.Deleted)
                    {
                        return 0;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (patience.IsCancellationRequested)
        {
            Console.Error.WriteLine($"dtApp {key} was not deleted within a minute");
        }
        return 1;
    }
}
