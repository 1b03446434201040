using System.Reflection;

namespace Dtaas.Runtime.Invocation;

/// <summary>The typed reference handed to callers: implements the grain interface and forwards each call to its <see cref="GrainReference"/>.</summary>
public class GrainProxy : DispatchProxy
{
    private GrainInterface? _interface;
    private GrainReference? _reference;

    /// <summary>The grain this proxy calls.</summary>
    public GrainId GrainId => _reference!.Id;

    internal static TGrain Create<TGrain>(GrainInterface grainInterface, GrainReference reference)
    {
        var proxy = Create<TGrain, GrainProxy>();
        var self = (GrainProxy)(object)proxy!;
        self._interface = grainInterface;
        self._reference = reference;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        _reference!.Call(_interface![targetMethod!], args ?? []);

    public override string ToString() => $"GrainReference:{GrainId}";
}
