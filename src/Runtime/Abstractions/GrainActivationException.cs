namespace Dtaas.Runtime;

/// <summary>A grain could not be activated (its constructor, state read or OnActivateAsync threw).</summary>
public sealed class GrainActivationException : Exception
{
    public GrainActivationException(string message, Exception? inner = null) : base(message, inner) { }
}
