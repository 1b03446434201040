using System.Diagnostics.CodeAnalysis;
using Orleans;

namespace Dtaas.Grains.Interfaces.Objects;

/// <summary>
/// The seven DTaaS capabilities a principal may hold on an object. Flags, because what a principal holds is a set:
/// union and "only what you hold" are then one operator each.
/// </summary>
[Flags]
[GenerateSerializer, Alias("dtaas.Capability")]
public enum Capability
{
    None = 0,

    /// <summary>Knows the object exists: its type and id only.</summary>
    Discover = 1 << 0,

    /// <summary>May use the object to create something new.</summary>
    Create = 1 << 1,

    /// <summary>Sees everything about the object.</summary>
    Read = 1 << 2,

    Update = 1 << 3,

    Delete = 1 << 4,

    /// <summary>Grants and revokes capabilities on the object.</summary>
    Manage = 1 << 5,

    /// <summary>Sends HTTP requests to a servable.</summary>
    Request = 1 << 6,

    All = Discover | Create | Read | Update | Delete | Manage | Request,
}

/// <summary>The capabilities as DTaaS users write them: upper-case names (<c>DISCOVER</c>, …), in the documented order.</summary>
public static class Capabilities
{
    private static readonly Capability[] Each =
        [Capability.Discover, Capability.Create, Capability.Read, Capability.Update, Capability.Delete, Capability.Manage, Capability.Request];

    private static readonly string Known = string.Join(", ", Each.Select(Name));

    /// <summary>The upper-case name of one capability.</summary>
    public static string Name(Capability capability) =>
        Each.Contains(capability) ? capability.ToString().ToUpperInvariant() : throw new ArgumentOutOfRangeException(nameof(capability), capability, "Not one of the seven capabilities.");

    /// <summary>The names of the capabilities in <paramref name="set"/>, in the documented order.</summary>
    public static IReadOnlyList<string> Names(Capability set) => Each.Where(c => set.HasFlag(c)).Select(Name).ToList();

    /// <summary>The set named by <paramref name="names"/>, or false with the first name that is not a capability.</summary>
    public static bool TryParse(IEnumerable<string?> names, out Capability set, [NotNullWhen(false)] out string? problem)
    {
        set = Capability.None;
        foreach (var name in names)
        {
            var one = Each.FirstOrDefault(c => Name(c) == name);
            if (one == Capability.None)
            {
                problem = $"'{name}' is not a capability: use {Known}";
                return false;
            }
            set |= one;
        }
        problem = null;
        return true;
    }

    /// <summary>The set named by <paramref name="names"/>; a name that is not a capability is a <see cref="FormatException"/>.</summary>
    public static Capability Parse(IEnumerable<string?> names) =>
        TryParse(names, out var set, out var problem) ? set : throw new FormatException(problem);
}
