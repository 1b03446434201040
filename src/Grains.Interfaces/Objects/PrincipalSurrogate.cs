using Orleans;

namespace Dtaas.Grains.Interfaces.Objects;

/// <summary>
/// How a <see cref="Principal"/> crosses a grain call: as its text, read back through <see cref="Principal.Parse"/>, so a
/// received principal is well formed like every other one.
/// </summary>
[GenerateSerializer, Immutable, Alias("dtaas.Principal")]
public readonly record struct PrincipalSurrogate([property: Id(0)] string Text);

[RegisterConverter]
public sealed class PrincipalSurrogateConverter : IConverter<Principal, PrincipalSurrogate>
{
    public Principal ConvertFromSurrogate(in PrincipalSurrogate surrogate) => Principal.Parse(surrogate.Text);

    public PrincipalSurrogate ConvertToSurrogate(in Principal value) => new(value.ToString());
}
