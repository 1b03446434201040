namespace Dtaas.WireGuard.Netns;

/// <summary>What one finished command printed and how it exited.</summary>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;
}
