using System.Reflection;

namespace Dtaas.Runtime;

/// <summary>
/// Turns a remote <see cref="GrainCallError"/> back into an exception. The original type is recreated when it is a
/// known exception type with a (string message) constructor from the framework, the runtime or a grain interface
/// assembly; anything else becomes a <see cref="RemoteGrainException"/> carrying the type name.
/// </summary>
internal static class RemoteExceptions
{
    public static Exception Create(GrainCallError error, IEnumerable<Assembly> grainAssemblies)
    {
        var assemblies = grainAssemblies.Prepend(typeof(Grain).Assembly).Prepend(typeof(Exception).Assembly);
        foreach (var assembly in assemblies)
        {
            if (assembly.GetType(error.Type, throwOnError: false) is { } type &&
                typeof(Exception).IsAssignableFrom(type) &&
                type.GetConstructor([typeof(string)]) is { } constructor)
            {
                return (Exception)constructor.Invoke([error.Message]);
            }
        }
        return new RemoteGrainException(error.Type, error.Message);
    }

    public static GrainCallError Describe(Exception exception) => new(exception.GetType().FullName ?? exception.GetType().Name, exception.Message);
}
