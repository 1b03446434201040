using Dtaas.Grains.Interfaces.Objects;

namespace Dtaas.Grains.Objects;

/// <summary>
/// One trust as it bears on one linked object: who is in it, and the capabilities it gives on that object.
/// </summary>
/// <param name="Trustees">Principals who control the trust (with their node ids where the home kept them); they get <paramref name="Capabilities"/> and MANAGE.</param>
/// <param name="Members">Principals who get <paramref name="Capabilities"/> (with their node ids where the home kept them).</param>
/// <param name="Capabilities">What the trust gives on the object (its entry in <c>dtTrust.objects</c>).</param>
public sealed record TrustLink(IReadOnlyList<NodePrincipal> Trustees, IReadOnlyList<NodePrincipal> Members, Capability Capabilities);
