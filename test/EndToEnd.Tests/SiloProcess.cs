using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Dtaas.TestSupport;

namespace Dtaas.EndToEnd.Tests;

/// <summary>
/// The real silo executable as a child process (so kill -9 is real), on loopback ports of its own, with its output
/// kept for the failure message. Disposing kills it if it still runs.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly SiloLaunch _launch;

    private SiloProcess(Process process, SiloLaunch launch)
    {
        _process = process;
        _launch = launch;
        DataDirectory = launch.DataDirectory;
        ApiPort = launch.ApiPort;
        GatewayPort = launch.GatewayPort;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string DataDirectory { get; }
    public int ApiPort { get; }
    public int GatewayPort { get; }
    public string Kubeconfig => Path.Combine(DataDirectory, "kubeconfig");

    /// <summary>The node id the silo printed at start-up.</summary>
    public string NodeId => System.Text.RegularExpressions.Regex.Match(Output, @"DTaaS node \S+ \(([0-9a-f]{32})\)").Groups[1].Value;
    public int Pid => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts a silo (standalone unless <paramref name="extraArgs"/> name a --kubeconfig) and waits until its gateway says it is ready.</summary>
    public static Task<SiloProcess> StartAsync(string dataDirectory, int? apiPort = null, int? gatewayPort = null, params string[] extraArgs) =>
        StartAsync(Launch(dataDirectory, apiPort, gatewayPort, extraArgs));

    /// <summary>Starts a standalone silo and returns at once, while it is still starting.</summary>
    public static SiloProcess Begin(string dataDirectory, params string[] extraArgs) => Begin(Launch(dataDirectory, null, null, extraArgs));

    private static SiloLaunch Launch(string dataDirectory, int? apiPort, int? gatewayPort, string[] extraArgs)
    {
        int api = apiPort ?? FreePort();
        int gateway = gatewayPort ?? FreePort();
        return new SiloLaunch(
            Prefix: [],
            DataDirectory: dataDirectory,
            Arguments: ["--node-name", "node0.example.org", "--api-listen", $"127.0.0.1:{api}", "--gateway-listen", $"127.0.0.1:{gateway}",
                "--client-listen", "127.0.0.1:0", "--gateway-tls-listen", "127.0.0.1:0", "--metrics-listen", "127.0.0.1:0", .. extraArgs],
            ApiPort: api,
            GatewayPort: gateway,
            HealthUrl: new Uri($"http://127.0.0.1:{gateway}/healthz"),
            UsesCluster: extraArgs.Contains("--kubeconfig"),
            CreateHttpClient: () => new HttpClient());
    }

    /// <summary>Starts a silo as <paramref name="launch"/> describes (e.g. inside a network namespace) and waits until it is ready.</summary>
    internal static async Task<SiloProcess> StartAsync(SiloLaunch launch)
    {
        var silo = Begin(launch);
        try
        {
            await silo.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
            return silo;
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
    }

    private static SiloProcess Begin(SiloLaunch launch)
    {
        string[] command = [.. launch.Prefix, "dotnet", SiloDll, "--data-dir", launch.DataDirectory, .. launch.Arguments];
        var info = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in command[1..])
        {
            info.ArgumentList.Add(arg);
        }
        return new SiloProcess(Process.Start(info)!, launch);
    }

    /// <summary>SIGTERM, as Kubernetes stops a pod: the silo's own shutdown runs.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    /// <summary>Waits until the silo has printed <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline || _process.HasExited)
            {
                throw new TimeoutException($"the silo did not print '{text}' within {timeout}:\n{Output}");
            }
            await Task.Delay(20);
        }
    }

    /// <summary>Waits for the process to end and returns its exit code; throws when it still runs after <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the silo still ran {timeout} after it was told to stop:\n{Output}");
        }
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            KillHard();
        }
        await Task.CompletedTask;
        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var http = _launch.CreateHttpClient();
        http.Timeout = TimeSpan.FromSeconds(2);
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the silo exited with code {_process.ExitCode}:\n{Output}");
            }
            try
            {
                var response = await http.GetAsync(_launch.HealthUrl);
                // The gateway answers before the start finishes (the last listeners, then the banner with the node's id).
                if (response.StatusCode == HttpStatusCode.OK && (_launch.UsesCluster || File.Exists(Kubeconfig)) && NodeId.Length > 0)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Slow to answer while starting.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"the silo was not ready within {timeout}:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    /// <summary>The silo built with the tests' configuration.</summary>
    internal static string SiloDll => Built(Path.Combine("src", "Silo"), "dtaas-silo.dll");

    /// <summary>A program of this repository built with the tests' configuration (test.sh builds the solution in Release).</summary>
    internal static string Built(string projectDirectory, string dllName)
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var dll = Path.Combine(RepositoryRoot.Path, projectDirectory, "bin", configuration, "net10.0", dllName);
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"build {projectDirectory} first ({dll} is missing)");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
