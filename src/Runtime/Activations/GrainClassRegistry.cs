using Dtaas.Runtime.Invocation;

namespace Dtaas.Runtime.Activations;

/// <summary>Which grain class implements each grain interface on this silo.</summary>
internal sealed class GrainClassRegistry
{
    private readonly Dictionary<string, GrainClass> _byInterface = new(StringComparer.Ordinal);

    public GrainClassRegistry(IEnumerable<GrainRegistration> registrations, GrainInterfaceRegistry interfaces)
    {
        foreach (var registration in registrations)
        {
            var grainInterface = interfaces.Get(registration.Interface);
            if (!registration.Interface.IsAssignableFrom(registration.Class))
            {
                throw new GrainInterfaceException($"{registration.Class.FullName} does not implement {registration.Interface.FullName}.");
            }
            if (_byInterface.TryGetValue(grainInterface.Name, out var existing) && existing.Type != registration.Class)
            {
                throw new GrainInterfaceException(
                    $"{grainInterface.Name} has two implementations: {existing.Type.FullName} and {registration.Class.FullName}.");
            }
            _byInterface[grainInterface.Name] = new GrainClass(registration.Class);
        }
    }

    public bool Has(string interfaceName) => _byInterface.ContainsKey(interfaceName);

    public GrainClass Get(string interfaceName) =>
        _byInterface.TryGetValue(interfaceName, out var grainClass)
            ? grainClass
            : throw new GrainInterfaceException($"No grain class implements {interfaceName} on this silo.");
}
