namespace Dtaas.WireGuard.Netns;

/// <summary>A command exited non-zero or ran out of time; the message carries the command line and its stderr.</summary>
public sealed class CommandFailedException(string commandLine, ProcessResult? result, string message)
    : Exception($"{commandLine}: {message}")
{
    public string CommandLine { get; } = commandLine;

    /// <summary>Null when the command did not finish (timeout) or could not start.</summary>
    public ProcessResult? Result { get; } = result;
}
