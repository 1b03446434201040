using System.Diagnostics;
using Dtaas.TestSupport;

namespace Dtaas.App.Bench;

/// <summary>
/// An nginx (Debian nginx-light) in a node's namespace with its own configuration, pid, log and temp paths (never the
/// system's nginx), run from a copy of the binary named <c>name</c>, so the CPU table tells the Service from the proxies
/// (a process's name in /proc is its executable's).
/// </summary>
public sealed class NginxInstance : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private NginxInstance(Process process, string directory)
    {
        _process = process;
        _directory = directory;
    }

    public static string? Executable => new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists);

    /// <summary>Starts nginx in <paramref name="netns"/> with <paramref name="http"/> inside its http block.</summary>
    public static NginxInstance Start(string netns, string name, string http)
    {
        var executable = Executable ?? throw new InvalidOperationException("the nginx bench needs nginx: apt-get install nginx-light");
        var directory = Directory.CreateTempSubdirectory("dtaas-bench-nginx-").FullName;
        var copy = Path.Combine(directory, name);
        File.Copy(executable, copy);
        // worker_processes auto: one per core, nginx's own default on Debian and what a user would run.
        var config = NginxConfig.Write(directory, "auto", 1024, http);
        var start = new ProcessStartInfo("ip", ["netns", "exec", netns, copy, "-c", config, "-p", directory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new NginxInstance(process, directory);
    }

    /// <summary>A reverse proxy on <paramref name="listen"/> to <paramref name="upstream"/>, keeping upstream connections open as a tuned deployment does.</summary>
    public static string ProxyBlock(string listen, string upstream) => $$"""
            upstream next { server {{upstream}}; keepalive 64; }
            server {
                listen {{listen}};
                location / {
                    proxy_pass http://next;
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                    proxy_set_header Host $host;
                    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                    proxy_set_header X-Forwarded-Proto $scheme;
                }
            }
        """;

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
