using Orleans;

namespace Dtaas.Grains.Interfaces.Trusts;

/// <summary>
/// A trust as its home node tells an object's node about it: who is in it and which of that node's objects it links
/// (by id). The object's node honours it only for links it approved, and only while the home keeps telling it.
/// </summary>
/// <param name="NodeIds">
/// The node id of each trustee's and member's node, by principal text, as the home's member lists had it when the entry
/// was made: the entry holds for that node's user only. A principal without one (an entry made before ids were kept,
/// or naming a node the home had not met) goes by name.
/// </param>
[GenerateSerializer, Immutable, Alias("dtaas.TrustedSet")]
public sealed record TrustedSet(
    [property: Id(0)] string TrustId,
    [property: Id(1)] string HomeNodeId,
    [property: Id(2)] long Version,
    [property: Id(3)] IReadOnlyList<string> Trustees,
    [property: Id(4)] IReadOnlyList<string> Members,
    [property: Id(5)] IReadOnlyList<string> ObjectIds,
    [property: Id(6)] IReadOnlyDictionary<string, string>? NodeIds = null);
