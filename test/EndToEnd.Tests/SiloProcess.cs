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
    private readonly bool _usesCluster;

    private SiloProcess(Process process, string dataDirectory, int apiPort, int gatewayPort, bool usesCluster)
    {
        _process = process;
        _usesCluster = usesCluster;
        DataDirectory = dataDirectory;
        ApiPort = apiPort;
        GatewayPort = gatewayPort;
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
    public static async Task<SiloProcess> StartAsync(string dataDirectory, int? apiPort = null, int? gatewayPort = null, params string[] extraArgs)
    {
        int api = apiPort ?? FreePort();
        int gateway = gatewayPort ?? FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])[SiloDll, "--data-dir", dataDirectory, "--node-name", "node0.example.org",
                     "--api-listen", $"127.0.0.1:{api}", "--gateway-listen", $"127.0.0.1:{gateway}", "--client-listen", "127.0.0.1:0", .. extraArgs])
        {
            info.ArgumentList.Add(arg);
        }
        var silo = new SiloProcess(Process.Start(info)!, dataDirectory, api, gateway, extraArgs.Contains("--kubeconfig"));
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
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the silo exited with code {_process.ExitCode}:\n{Output}");
            }
            try
            {
                var response = await http.GetAsync($"http://127.0.0.1:{GatewayPort}/healthz");
                if (response.StatusCode == HttpStatusCode.OK && (_usesCluster || File.Exists(Kubeconfig)))
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

    private static string SiloDll
    {
        get
        {
            // The tests and the silo are built with the same configuration (test.sh builds the solution in Release).
            var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
            var dll = Path.Combine(RepositoryRoot.Path, "src", "Silo", "bin", configuration, "net10.0", "dtaas-silo.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"build the silo first ({dll} is missing)");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
