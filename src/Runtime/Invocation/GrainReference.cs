namespace Dtaas.Runtime.Invocation;

/// <summary>Where a typed proxy's calls go: a local activation or a grain in another process.</summary>
internal abstract class GrainReference(GrainId id)
{
    public GrainId Id { get; } = id;

    public abstract object Call(GrainMethod method, object?[] args);
}
