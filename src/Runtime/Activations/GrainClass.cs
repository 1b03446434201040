using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace Dtaas.Runtime.Activations;

/// <summary>
/// How to build one grain implementation: its constructor (through DI) and the persistent states that constructor
/// asks for with <see cref="PersistentStateAttribute"/>.
/// </summary>
internal sealed class GrainClass
{
    private readonly ObjectFactory _factory;
    private readonly StateParameter[] _states;

    private sealed record StateParameter(Type StateType, string StateName, string? StorageName);

    public GrainClass(Type type)
    {
        if (!typeof(Grain).IsAssignableFrom(type) || type.IsAbstract)
        {
            throw new GrainInterfaceException($"{type.FullName} must be a non-abstract class derived from {nameof(Grain)}.");
        }
        Type = type;
        IsReentrant = type.IsDefined(typeof(ReentrantAttribute), inherit: true);

        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
            ?? throw new GrainInterfaceException($"{type.FullName} needs a public constructor.");
        var states = new List<StateParameter>();
        foreach (var parameter in constructor.GetParameters())
        {
            if (parameter.GetCustomAttribute<PersistentStateAttribute>() is not { } attribute)
            {
                continue;
            }
            if (!parameter.ParameterType.IsGenericType || parameter.ParameterType.GetGenericTypeDefinition() != typeof(IPersistentState<>))
            {
                throw new GrainInterfaceException(
                    $"{type.FullName}: [PersistentState] parameter '{parameter.Name}' must be of type IPersistentState<TState>.");
            }
            states.Add(new StateParameter(parameter.ParameterType.GetGenericArguments()[0], attribute.StateName, attribute.StorageName));
        }
        _states = [.. states];
        _factory = ActivatorUtilities.CreateFactory(type, [.. _states.Select(s => typeof(IPersistentState<>).MakeGenericType(s.StateType))]);
    }

    public Type Type { get; }
    public bool IsReentrant { get; }

    public Grain Create(IServiceProvider services, GrainId id, out IReadOnlyList<IPersistentStateLoader> states)
    {
        var arguments = new object[_states.Length];
        for (int i = 0; i < _states.Length; i++)
        {
            var parameter = _states[i];
            var storage = parameter.StorageName is null
                ? services.GetRequiredService<IGrainStorage>()
                : services.GetRequiredKeyedService<IGrainStorage>(parameter.StorageName);
            arguments[i] = Activator.CreateInstance(
                typeof(PersistentState<>).MakeGenericType(parameter.StateType), parameter.StateName, id, storage)!;
        }
        states = [.. arguments.Cast<IPersistentStateLoader>()];
        return (Grain)_factory(services, arguments);
    }
}
