using System.Diagnostics;
using System.Text;

namespace Dtaas.TestSupport;

/// <summary>The result of one kubectl run.</summary>
public sealed record KubectlResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}

/// <summary>
/// Runs the real kubectl against a kubeconfig, with a private HOME (so its discovery cache is per test)
/// and a hard time limit; every process it starts is killed, with its children, even on failure. With a
/// <paramref name="networkNamespace"/> it runs inside that named network namespace (<c>ip netns exec</c>, which execs
/// kubectl, so killing the process kills kubectl), for an API that listens on the namespace's own loopback.
/// </summary>
public sealed class Kubectl(string kubeconfig, string home, string? networkNamespace = null)
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? FindExecutable() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "kubectl"))
            .FirstOrDefault(File.Exists);

    private static string Executable => FindExecutable()
        ?? throw new InvalidOperationException("kubectl is not on PATH; end-to-end tests need it (CI=true makes this a failure)");

    public async Task<KubectlResult> RunAsync(IEnumerable<string> args, IDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        using var process = Start(args, environment);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            throw new TimeoutException($"kubectl {string.Join(' ', args)} did not finish in time; stdout so far: {await stdout}; stderr: {await stderr}");
        }
        return new KubectlResult(process.ExitCode, await stdout, await stderr);
    }

    public Task<KubectlResult> RunAsync(params string[] args) => RunAsync(args, null, null);

    /// <summary>Starts a long-running kubectl (e.g. get -w); dispose to kill it.</summary>
    public BackgroundKubectl StartBackground(params string[] args) => new(Start(args, null));

    private Process Start(IEnumerable<string> args, IDictionary<string, string>? environment)
    {
        var info = new ProcessStartInfo(networkNamespace is null ? Executable : "ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in networkNamespace is null ? args : ["netns", "exec", networkNamespace, Executable, .. args])
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["KUBECONFIG"] = kubeconfig;
        info.Environment["HOME"] = home;
        info.Environment.Remove("KUBECTL_KUBERC");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start kubectl");
        process.StandardInput.Close();
        return process;
    }

    internal static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}

/// <summary>A kubectl left running (watch); collects its output until disposed, then kills it.</summary>
public sealed class BackgroundKubectl : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    internal BackgroundKubectl(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Waits (bounded) until stdout satisfies <paramref name="condition"/>.</summary>
    public async Task<bool> WaitForAsync(Func<string, bool> condition, TimeSpan timeout)
    {
        try
        {
            await Eventually.Until(() => condition(Stdout), "kubectl's output", timeout, TimeSpan.FromMilliseconds(50));
            return true;
        }
        catch (TimeoutException)
        {
            return false; // the caller's assertion shows the output
        }
    }

    public void Dispose()
    {
        Kubectl.Kill(_process);
        _process.Dispose();
    }

    private static void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (target)
        {
            target.AppendLine(line);
        }
    }
}
