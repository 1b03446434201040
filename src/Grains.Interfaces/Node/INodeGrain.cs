using Orleans;

namespace Dtaas.Grains.Interfaces.Node;

/// <summary>
/// This node as a grain (key <see cref="Self"/>): who it is and how long it has run, which objects it has, and what
/// changes among them. What SDK clients ask first.
/// </summary>
[Alias("dtaas.NodeGrain")]
public interface INodeGrain : IGrainWithStringKey
{
    /// <summary>The key of the node grain on every silo.</summary>
    const string Self = "self";

    [Alias("GetInfo")]
    Task<NodeInfo> GetInfo();

    /// <summary>
    /// The grain keys (<c>namespace/name</c>) of the node's objects of <paramref name="kind"/>, its plural resource name:
    /// <c>dtdomains</c>, <c>dtpeers</c>, <c>dtapps</c>, <c>dtservices</c>, <c>dtservables</c>, <c>dtusers</c> or
    /// <c>dttrusts</c>; another name is an <see cref="ArgumentException"/> saying which are known.
    /// </summary>
    [Alias("ListObjects")]
    Task<IReadOnlyList<string>> ListObjects(string kind);

    /// <summary>How long a subscription lives after its last <see cref="Subscribe"/>, in seconds (five minutes).</summary>
    const int SubscriptionLifetimeSeconds = 300;

    /// <summary>How many observers a node keeps at once; one more is an <see cref="InvalidOperationException"/>.</summary>
    const int MaxSubscriptions = 1024;

    /// <summary>
    /// From now on, every change to an object of the seven dt kinds reaches <paramref name="observer"/> (a reference
    /// from <c>IGrainFactory.CreateObjectReference</c>) within a second, each change once. A subscription lives
    /// <see cref="SubscriptionLifetimeSeconds"/> after its last Subscribe: call Subscribe again with the same
    /// reference well within that (every minute) to keep it, as Orleans' observers are kept; an observer whose program
    /// died stops being called when its subscription expires. The node forgets all subscriptions when its node grain
    /// moves (a silo stops): renewing puts them back.
    /// </summary>
    [Alias("Subscribe")]
    Task Subscribe(IObjectObserver observer);

    /// <summary>No more changes reach <paramref name="observer"/>; nothing happens if it was not subscribed.</summary>
    [Alias("Unsubscribe")]
    Task Unsubscribe(IObjectObserver observer);
}
