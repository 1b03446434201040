using System.Reflection;

namespace Dtaas.Runtime.Invocation;

/// <summary>
/// What the runtime knows of one grain interface: its wire name and its methods. Built once per interface, with the
/// interface's rules checked: methods return Task or Task&lt;T&gt;, have unique names, no ref/out, no generics.
/// </summary>
public sealed class GrainInterface
{
    private readonly Dictionary<MethodInfo, GrainMethod> _byMethodInfo = [];
    private readonly Dictionary<string, GrainMethod> _byName = new(StringComparer.Ordinal);

    internal GrainInterface(Type type)
    {
        if (!type.IsInterface || !typeof(IGrainWithStringKey).IsAssignableFrom(type))
        {
            throw new GrainInterfaceException($"{type.FullName} is not a grain interface (an interface extending {nameof(IGrainWithStringKey)}).");
        }
        Type = type;
        Name = type.FullName ?? type.Name;
        foreach (var declaring in type.GetInterfaces().Append(type))
        {
            foreach (var method in declaring.GetMethods())
            {
                var grainMethod = GrainMethod.Create(this, method);
                if (!_byName.TryAdd(grainMethod.Name, grainMethod))
                {
                    throw new GrainInterfaceException($"{Name} has two methods named {method.Name}; grain methods are called by name, so overloads are not allowed.");
                }
                _byMethodInfo[method] = grainMethod;
            }
        }
    }

    public Type Type { get; }

    /// <summary>The name used on the wire (the interface's full name).</summary>
    public string Name { get; }

    public IEnumerable<GrainMethod> Methods => _byName.Values;

    internal GrainMethod this[MethodInfo method] => _byMethodInfo[method];

    public bool TryGetMethod(string name, out GrainMethod method) => _byName.TryGetValue(name, out method!);
}
