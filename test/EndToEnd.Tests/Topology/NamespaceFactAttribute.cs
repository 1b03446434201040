using Dtaas.TestSupport;

namespace Dtaas.EndToEnd.Tests.Topology;

/// <summary>
/// A fact that runs real silos in network namespaces and drives them with kubectl: it needs root, <c>ip</c> and
/// <c>kubectl</c>. Skipped when one is missing on a developer machine; under CI=true it runs anyway and
/// <see cref="RequirePrerequisites"/> fails it, naming what is missing.
/// </summary>
public sealed class NamespaceFactAttribute : FactAttribute
{
    public NamespaceFactAttribute()
    {
        if (MissingPrerequisites() is { } missing && !Kubectl.IsCi)
        {
            Skip = $"needs {missing} (under CI=true this is a failure)";
        }
    }

    public static string? MissingPrerequisites()
    {
        var missing = new List<string>();
        if (Environment.UserName != "root")
        {
            missing.Add("root");
        }
        if (!(Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Any(dir => File.Exists(Path.Combine(dir, "ip"))))
        {
            missing.Add("ip");
        }
        if (Kubectl.FindExecutable() is null)
        {
            missing.Add("kubectl");
        }
        return missing.Count == 0 ? null : string.Join(", ", missing);
    }

    public static void RequirePrerequisites()
    {
        if (MissingPrerequisites() is { } missing)
        {
            throw new InvalidOperationException($"namespace tests need {missing} (apt-get install iproute2; kubectl on PATH; run as root)");
        }
    }
}
