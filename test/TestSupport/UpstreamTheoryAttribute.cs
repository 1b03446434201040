using Xunit;

namespace Dtaas.TestSupport;

/// <summary>
/// A theory that runs ordinary web servers nobody here wrote (nginx, python's http.server) behind the gateway and
/// fetches through it with curl. Skipped when one is missing on a developer machine; under CI=true it runs anyway and
/// fails naming what is missing (test.sh installs them).
/// </summary>
public sealed class UpstreamTheoryAttribute : TheoryAttribute
{
    private static readonly string[] Executables = ["nginx", "python3", "curl"];

    public UpstreamTheoryAttribute()
    {
        if (MissingPrerequisites() is { } missing && !Kubectl.IsCi)
        {
            Skip = $"needs {missing} (under CI=true this is a failure)";
        }
    }

    /// <summary>What is missing, or null when everything is here.</summary>
    public static string? MissingPrerequisites()
    {
        var missing = Executables.Where(name => ExecutablePath(name) is null).ToList();
        return missing.Count == 0 ? null : string.Join(", ", missing);
    }

    /// <summary>Throws, naming what is missing, unless every prerequisite is here.</summary>
    public static void RequirePrerequisites()
    {
        if (MissingPrerequisites() is { } missing)
        {
            throw new InvalidOperationException($"upstream tests need {missing} (apt-get install nginx-light curl python3)");
        }
    }

    /// <summary>The executable's full path on PATH (or in /usr/sbin, where Debian puts nginx), null if none.</summary>
    public static string? ExecutablePath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/sbin")
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
