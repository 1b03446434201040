using System.Collections.Concurrent;
using System.Reflection;

namespace Dtaas.Runtime.Invocation;

/// <summary>Metadata of the grain interfaces this process uses, built on first use and looked up by type or wire name.</summary>
public sealed class GrainInterfaceRegistry
{
    private readonly ConcurrentDictionary<Type, GrainInterface> _byType = new();
    private readonly ConcurrentDictionary<string, GrainInterface> _byName = new(StringComparer.Ordinal);

    public GrainInterface Get(Type type)
    {
        if (_byType.TryGetValue(type, out var known))
        {
            return known;
        }
        var built = _byType.GetOrAdd(type, static t => new GrainInterface(t));
        _byName.TryAdd(built.Name, built);
        return built;
    }

    public bool TryGetByName(string name, out GrainInterface grainInterface) => _byName.TryGetValue(name, out grainInterface!);

    /// <summary>Assemblies whose exception types a remote error may be recreated as.</summary>
    public IEnumerable<Assembly> Assemblies => _byType.Keys.Select(t => t.Assembly).Distinct();
}
