namespace Dtaas.Runtime;

/// <summary>A grain interface breaks a rule of the runtime (checked when it is first used or registered).</summary>
public sealed class GrainInterfaceException : Exception
{
    public GrainInterfaceException(string message) : base(message) { }
}
