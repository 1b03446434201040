using Orleans;

namespace Dtaas.Grains.Interfaces.Node;

/// <summary>
/// One change to one of the node's dt objects, as the node's watcher saw it.
/// </summary>
/// <param name="Kind">The plural resource name: <c>dtdomains</c>, <c>dtpeers</c>, <c>dtapps</c>, <c>dtservices</c>, <c>dtservables</c>, <c>dtusers</c> or <c>dttrusts</c>.</param>
/// <param name="Key">The object's grain key, <c>namespace/name</c>.</param>
/// <param name="Type"><see cref="Added"/>, <see cref="Modified"/> or <see cref="Deleted"/>.</param>
/// <param name="Object">The object as kubectl shows it after the change (its model type, e.g. <c>DtApp</c>); null when deleted.</param>
/// <param name="Sequence">
/// The order in which the node saw the changes, rising by one from change to change. Observer calls are one-way and
/// Orleans does not keep their order, so a burst can arrive shuffled; <c>InOrderObserver</c> of Dtaas.Client puts it
/// back. The count starts again, higher, when the node grain moves to another silo.
/// </param>
[GenerateSerializer, Immutable, Alias("dtaas.ObjectChange")]
public sealed record ObjectChange([property: Id(0)] string Kind, [property: Id(1)] string Key, [property: Id(2)] string Type, [property: Id(3)] object? Object,
    [property: Id(4)] long Sequence = 0)
{
    public const string Added = "Added";
    public const string Modified = "Modified";
    public const string Deleted = "Deleted";
}
