namespace Dtaas.WireGuard.Tests;

/// <summary>
/// A fact that needs the real <c>wg</c>. Skipped when wg is missing on a developer machine; under CI=true it runs anyway,
/// so a missing wg fails instead of passing silently.
/// </summary>
public sealed class WgFactAttribute : FactAttribute
{
    public WgFactAttribute()
    {
        if (WgTool.FindExecutable() is null && !WgTool.IsCi)
        {
            Skip = "wg is not on PATH (apt-get install wireguard-tools; under CI=true this is a failure)";
        }
    }
}
