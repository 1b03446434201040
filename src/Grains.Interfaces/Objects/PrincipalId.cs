using System.Text.RegularExpressions;
using Orleans;

namespace Dtaas.Grains.Interfaces.Objects;

/// <summary>
/// A principal on the wire: its home node's id and its user id (both 32 lowercase hex), which stay the same whatever
/// the names. A receiving node checks <see cref="Problem"/> before trusting one.
/// </summary>
[GenerateSerializer, Immutable, Alias("dtaas.PrincipalId")]
public sealed partial record PrincipalId([property: Id(0)] string NodeId, [property: Id(1)] string UserId)
{
    /// <summary>What is wrong with this principal as received, or null when it is well formed.</summary>
    public string? Problem() =>
        !IsId(NodeId) ? $"principal nodeId '{NodeId}' is not a node id (32 lowercase hex)"
        : !IsId(UserId) ? $"principal userId '{UserId}' is not a user id (32 lowercase hex)"
        : null;

    private static bool IsId(string? text) => text is not null && IdPattern().IsMatch(text);

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex IdPattern();
}
