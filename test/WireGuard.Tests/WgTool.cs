using System.Diagnostics;

namespace Dtaas.WireGuard.Tests;

/// <summary>Runs the real <c>wg</c> tool, to hold our key handling against WireGuard's own.</summary>
public static class WgTool
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? FindExecutable() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "wg"))
            .FirstOrDefault(File.Exists);

    /// <summary>Runs <c>wg</c> with <paramref name="input"/> on standard input; returns standard output, trimmed.</summary>
    public static string Run(string arguments, string input = "")
    {
        var executable = FindExecutable()
            ?? throw new InvalidOperationException("wg is not on PATH (apt-get install wireguard-tools); under CI=true this is a failure");
        using var process = Process.Start(new ProcessStartInfo(executable, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            process.Kill();
            throw new TimeoutException($"wg {arguments} did not finish in 10 s");
        }
        Assert.True(process.ExitCode == 0, $"wg {arguments} exited {process.ExitCode}: {stderr}");
        return stdout.Trim();
    }
}
