using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Dtaas.TestSupport;

namespace Dtaas.Gateway.Tests.Upstreams;

/// <summary>
/// A real web server on a loopback port serving the files of a temporary directory: nginx (Content-Length bodies),
/// python's http.server (HTTP/1.0, Content-Length, connection closed after), or a python server that sends no length
/// and ends the body by closing (close-delimited). Disposing stops it and removes the directory.
/// </summary>
public sealed class UpstreamServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private UpstreamServer(Process process, string directory, Uri address)
    {
        _process = process;
        _directory = directory;
        Address = address;
    }

    public Uri Address { get; }

    public string Root => Path.Combine(_directory, "files");

    public static async Task<UpstreamServer> StartAsync(UpstreamKind kind, IReadOnlyDictionary<string, byte[]> files)
    {
        var directory = Directory.CreateTempSubdirectory("dtaas-upstream-").FullName;
        var root = Directory.CreateDirectory(Path.Combine(directory, "files")).FullName;
        foreach (var (name, content) in files)
        {
            await File.WriteAllBytesAsync(Path.Combine(root, name), content);
        }
        var port = FreePort();
        var start = kind switch
        {
            UpstreamKind.Nginx => Nginx(directory, root, port),
            UpstreamKind.PythonHttpServer => Python(["-m", "http.server", port.ToString(), "--bind", "127.0.0.1", "--directory", root]),
            UpstreamKind.PythonCloseDelimited => Python(["-c", CloseDelimitedServer, root, port.ToString()]),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new UpstreamServer(process, directory, new Uri($"http://127.0.0.1:{port}/"));
        await server.WaitListeningAsync(port);
        return server;
    }

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

    // Reads the whole file and writes it with no Content-Length: HTTP/1.0, so the body ends when the connection closes.
    private const string CloseDelimitedServer = """
        import http.server, os, sys
        root, port = sys.argv[1], int(sys.argv[2])
        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"
            def do_GET(self):
                with open(os.path.join(root, self.path.lstrip("/")), "rb") as f:
                    body = f.read()
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.end_headers()
                self.wfile.write(body)
            def log_message(self, *args):
                pass
        http.server.HTTPServer(("127.0.0.1", port), Handler).serve_forever()
        """;

    private static ProcessStartInfo Python(IEnumerable<string> arguments) => new("python3", arguments);

    private static ProcessStartInfo Nginx(string directory, string root, int port)
    {
        var config = NginxConfig.Write(directory, "1", 256, $$"""
                server {
                    listen 127.0.0.1:{{port}};
                    root {{root}};
                }
            """);
        return new ProcessStartInfo(UpstreamTheoryAttribute.ExecutablePath("nginx") ?? "nginx", ["-c", config, "-p", directory]);
    }

    private async Task WaitListeningAsync(int port)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            try
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}

public enum UpstreamKind
{
    Nginx,
    PythonHttpServer,
    PythonCloseDelimited,
}
