namespace Dtaas.Grains.Interfaces;

/// <summary>Names of the grain storages a silo provides.</summary>
public static class StorageNames
{
    /// <summary>The grain's state is its custom resource; the ETag is the object's resourceVersion.</summary>
    public const string Kubernetes = "kubernetes";
}
