using Xunit;

namespace Dtaas.TestSupport;

/// <summary>
/// A fact that needs the real kubectl. It is skipped when kubectl is missing on a developer machine,
/// but under CI=true it runs anyway, so a missing kubectl fails instead of passing silently.
/// </summary>
public sealed class KubectlFactAttribute : FactAttribute
{
    public KubectlFactAttribute()
    {
        if (Kubectl.FindExecutable() is null && !Kubectl.IsCi)
        {
            Skip = "kubectl is not on PATH (under CI=true this is a failure)";
        }
    }
}
