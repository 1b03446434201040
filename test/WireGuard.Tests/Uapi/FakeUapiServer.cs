using System.Net.Sockets;
using System.Text;

namespace Dtaas.WireGuard.Tests.Uapi;

/// <summary>A unix socket that answers each UAPI request with a canned text and records what it was asked.</summary>
public sealed class FakeUapiServer : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    public FakeUapiServer(string answer)
    {
        Directory = Path.Combine(Path.GetTempPath(), "uapi-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(Directory);
        _listener.Bind(new UnixDomainSocketEndPoint(Path.Combine(Directory, InterfaceName + ".sock")));
        _listener.Listen();
        Answer = answer;
        _serving = ServeAsync();
    }

    public const string InterfaceName = "fake0";

    public string Directory { get; }

    public string Answer { get; set; }

    public List<string> Requests { get; } = [];

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await _listener.AcceptAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            using (connection)
            {
                var request = new StringBuilder();
                var buffer = new byte[1024];
                while (!request.ToString().EndsWith("\n\n", StringComparison.Ordinal))
                {
                    var read = await connection.ReceiveAsync(buffer, SocketFlags.None);
                    if (read == 0)
                    {
                        break;
                    }
                    request.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }
                lock (Requests)
                {
                    Requests.Add(request.ToString());
                }
                await connection.SendAsync(Encoding.ASCII.GetBytes(Answer), SocketFlags.None);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _serving;
        _listener.Dispose();
        _stop.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
