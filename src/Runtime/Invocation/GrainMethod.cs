using System.Linq.Expressions;
using System.Reflection;
using Dtaas.Runtime.Activations;

namespace Dtaas.Runtime.Invocation;

/// <summary>
/// One method of a grain interface: how to invoke it on a grain instance (a compiled delegate, no reflection per call),
/// which arguments cross the wire, where its CancellationToken sits, and whether it may interleave.
/// </summary>
public abstract class GrainMethod
{
    private protected GrainMethod(GrainInterface owner, MethodInfo method, Type? resultType)
    {
        Interface = owner;
        Method = method;
        Name = method.Name;
        ResultType = resultType;
        AlwaysInterleave = method.IsDefined(typeof(AlwaysInterleaveAttribute));
        var parameters = method.GetParameters();
        CancellationTokenIndex = Array.FindIndex(parameters, p => p.ParameterType == typeof(CancellationToken));
        ParameterTypes = [.. parameters.Select(p => p.ParameterType)];
        Invoker = CompileInvoker(owner.Type, method, parameters);
    }

    public GrainInterface Interface { get; }
    public MethodInfo Method { get; }
    public string Name { get; }

    /// <summary>The T of Task&lt;T&gt;, or null for a plain Task.</summary>
    public Type? ResultType { get; }

    public bool AlwaysInterleave { get; }

    /// <summary>Position of the method's CancellationToken parameter, or -1.</summary>
    public int CancellationTokenIndex { get; }

    /// <summary>Every parameter type, in order; the CancellationToken (if any) does not cross the wire.</summary>
    public IReadOnlyList<Type> ParameterTypes { get; }

    internal Func<object, object?[], Task> Invoker { get; }

    internal CancellationToken GetCancellationToken(object?[] args) =>
        CancellationTokenIndex < 0 ? default : (CancellationToken)args[CancellationTokenIndex]!;

    /// <summary>Calls the method on a local activation as a request of <paramref name="caller"/> (null: from this silo); returns the method's Task.</summary>
    internal abstract object CallLocal(Activation activation, object?[] args, string? caller = null);

    /// <summary>Calls the method on a grain in another process; returns the method's Task.</summary>
    internal abstract object CallRemote(GrainRpcClient client, RemoteTarget target, GrainId grain, object?[] args);

    /// <summary>The boxed result of a completed call (null for a plain Task).</summary>
    internal abstract object? GetResult(Task completed);

    internal static GrainMethod Create(GrainInterface owner, MethodInfo method)
    {
        string where = $"{owner.Name}.{method.Name}";
        if (method.IsGenericMethodDefinition)
        {
            throw new GrainInterfaceException($"{where}: generic grain methods are not supported.");
        }
        var parameters = method.GetParameters();
        if (parameters.Any(p => p.ParameterType.IsByRef))
        {
            throw new GrainInterfaceException($"{where}: ref and out parameters cannot cross the wire.");
        }
        if (parameters.Count(p => p.ParameterType == typeof(CancellationToken)) > 1)
        {
            throw new GrainInterfaceException($"{where}: at most one CancellationToken parameter.");
        }
        Type? resultType = method.ReturnType == typeof(Task) ? null
            : method.ReturnType.IsGenericType && method.ReturnType.GetGenericTypeDefinition() == typeof(Task<>) ? method.ReturnType.GetGenericArguments()[0]
            : throw new GrainInterfaceException($"{where} returns {method.ReturnType.Name}; grain methods return Task or Task<T>.");
        var concrete = typeof(GrainMethod<>).MakeGenericType(resultType ?? typeof(VoidResult));
        return (GrainMethod)Activator.CreateInstance(concrete, BindingFlags.NonPublic | BindingFlags.Instance, null, [owner, method, resultType], null)!;
    }

    // (grain, args) => (Task)((TInterface)grain).Method((T0)args[0], (T1)args[1], ...)
    private static Func<object, object?[], Task> CompileInvoker(Type interfaceType, MethodInfo method, ParameterInfo[] parameters)
    {
        var grain = Expression.Parameter(typeof(object), "grain");
        var args = Expression.Parameter(typeof(object?[]), "args");
        var arguments = parameters.Select((p, i) =>
            (Expression)Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), p.ParameterType));
        var call = Expression.Call(Expression.Convert(grain, interfaceType), method, arguments);
        return Expression.Lambda<Func<object, object?[], Task>>(Expression.Convert(call, typeof(Task)), grain, args).Compile();
    }
}
