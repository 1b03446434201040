using Dtaas.EndToEnd.Tests.Topology;
using Dtaas.TestSupport;

namespace Dtaas.EndToEnd.Tests.Browser;

/// <summary>
/// A <see cref="NamespaceFactAttribute"/> that also drives Debian's headless <c>chromium</c> through
/// <c>chromedriver</c> (package chromium-driver). Skipped when one is missing on a developer machine; under CI=true it
/// runs anyway and <see cref="RequirePrerequisites"/> fails it, naming what is missing.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string Chromium = "/usr/bin/chromium";
    public const string ChromeDriver = "/usr/bin/chromedriver";

    public BrowserFactAttribute()
    {
        if (MissingPrerequisites() is { } missing && !Kubectl.IsCi)
        {
            Skip = $"needs {missing} (under CI=true this is a failure)";
        }
    }

    public static string? MissingPrerequisites()
    {
        var missing = new List<string>();
        if (NamespaceFactAttribute.MissingPrerequisites() is { } other)
        {
            missing.Add(other);
        }
        if (!File.Exists(Chromium))
        {
            missing.Add("chromium");
        }
        if (!File.Exists(ChromeDriver))
        {
            missing.Add("chromium-driver");
        }
        return missing.Count == 0 ? null : string.Join(", ", missing);
    }

    public static void RequirePrerequisites()
    {
        if (MissingPrerequisites() is { } missing)
        {
            throw new InvalidOperationException($"browser tests need {missing} (apt-get install chromium chromium-driver iproute2; kubectl on PATH; run as root)");
        }
    }
}
