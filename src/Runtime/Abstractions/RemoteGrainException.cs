namespace Dtaas.Runtime;

/// <summary>
/// A remote grain threw an exception whose type cannot be recreated here. Carries the remote type name and message.
/// </summary>
public sealed class RemoteGrainException : Exception
{
    public RemoteGrainException(string remoteType, string message) : base($"{remoteType}: {message}")
    {
        RemoteType = remoteType;
        RemoteMessage = message;
    }

    /// <summary>Full name of the exception type thrown by the remote grain.</summary>
    public string RemoteType { get; }

    /// <summary>The remote exception's own message.</summary>
    public string RemoteMessage { get; }
}
