using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Ports;

namespace Dtaas.Grains.Objects;

/// <summary>
/// A user's apply and delete through an object's grain, as kubectl makes them: the user's fields and labels over the
/// object as the node last saw it (what DTaaS writes, its annotations and status, stays), created when there is none,
/// replaced at the version seen otherwise, so a change made meanwhile is the API's 409.
/// </summary>
internal static class UserWrites
{
    /// <param name="userFields">The object with the fields a user writes taken from the second argument.</param>
    public static async Task<ObjectWrite<T>> ApplyAsync<T>(IObjectWriter writer, string key, T desired, T? current, Func<T, T, T> userFields,
        CancellationToken cancellationToken) where T : KubernetesResource<T>, IKubernetesResource<T>, new()
    {
        ArgumentNullException.ThrowIfNull(desired);
        var at = ObjectKey.Parse(key);
        var named = desired.Metadata ?? new ObjectMeta();
        if ((named.Name is { Length: > 0 } name && name != at.Name) || (named.Namespace is { Length: > 0 } ns && ns != at.Namespace))
        {
            return new ObjectWrite<T>(422, $"{T.ResourceKind.Kind} {named.Namespace}/{named.Name} is not the object of the grain {key}: "
                + "leave metadata.name and metadata.namespace empty or give the grain's", null);
        }
        if (current is null)
        {
            var created = new T { Metadata = new ObjectMeta { Name = at.Name, Namespace = at.Namespace, Labels = named.Labels } };
            return await writer.CreateAsync(userFields(created, desired), cancellationToken);
        }
        return await writer.UpdateAsync(userFields(current.WithMetadata(current.Metadata with { Labels = named.Labels }), desired), cancellationToken);
    }

    public static Task<ObjectWrite<T>> DeleteAsync<T>(IObjectWriter writer, string key, CancellationToken cancellationToken)
        where T : KubernetesResource<T>, IKubernetesResource<T>, new() =>
        writer.DeleteAsync<T>(ObjectKey.Parse(key), cancellationToken);
}
