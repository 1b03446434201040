namespace Dtaas.ApiServer;

/// <summary>Identifies one object: its resource (group/plural), namespace ("" if cluster-scoped) and name.</summary>
internal readonly record struct ObjectKey(string Resource, string Namespace, string Name)
{
    public override string ToString() => Namespace.Length == 0 ? $"{Resource} {Name}" : $"{Resource} {Namespace}/{Name}";
}

/// <summary>An object as stored: immutable JSON text whose metadata.resourceVersion equals <see cref="ResourceVersion"/>.</summary>
internal sealed record StoredObject(ObjectKey Key, long ResourceVersion, string Json);

/// <summary>A committed change, in resourceVersion order. <see cref="PreviousJson"/> lets filtered watches turn edits into ADDED/DELETED.</summary>
internal sealed record ChangeEvent(string Type, ObjectKey Key, long ResourceVersion, string Json, string? PreviousJson);
