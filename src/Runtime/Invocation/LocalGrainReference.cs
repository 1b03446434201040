using Dtaas.Runtime.Activations;

namespace Dtaas.Runtime.Invocation;

/// <summary>A reference to a grain on this silo. Calls do not serialize; the activation is looked up once and kept while it lives.</summary>
internal sealed class LocalGrainReference(Catalog catalog, GrainId id) : GrainReference(id)
{
    private Activation? _activation;

    public override object Call(GrainMethod method, object?[] args)
    {
        var activation = _activation;
        if (activation is null || activation.Status == ActivationStatus.Deactivated)
        {
            _activation = activation = catalog.GetOrCreate(Id);
        }
        return method.CallLocal(activation, args);
    }
}
