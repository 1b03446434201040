using Xunit;

namespace Dtaas.TestSupport;

/// <summary>
/// A fact that builds real networks: it needs root, <c>ip</c>, <c>wireguard-go</c>, <c>wg</c> and /dev/net/tun. Skipped
/// when one is missing on a developer machine; under CI=true it runs anyway, and the test's
/// <see cref="RequirePrerequisites"/> fails it with the list of what is missing.
/// </summary>
public sealed class NetworkFactAttribute : FactAttribute
{
    private static readonly string[] Executables = ["ip", "wireguard-go", "wg"];

    public NetworkFactAttribute()
    {
        if (MissingPrerequisites() is { } missing && !Kubectl.IsCi)
        {
            Skip = $"needs {missing} (under CI=true this is a failure)";
        }
    }

    /// <summary>What is missing, or null when everything is here.</summary>
    public static string? MissingPrerequisites()
    {
        var missing = Executables.Where(name => !OnPath(name)).ToList();
        if (Environment.UserName != "root")
        {
            missing.Insert(0, "root");
        }
        if (!File.Exists("/dev/net/tun"))
        {
            missing.Add("/dev/net/tun");
        }
        return missing.Count == 0 ? null : string.Join(", ", missing);
    }

    /// <summary>Throws, naming what is missing, unless every prerequisite is here.</summary>
    public static void RequirePrerequisites()
    {
        if (MissingPrerequisites() is { } missing)
        {
            throw new InvalidOperationException($"network tests need {missing} (apt-get install iproute2 wireguard-go wireguard-tools; run as root)");
        }
    }

    private static bool OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, name)));
}
