using System.Globalization;
using System.Net;
using System.Text;
using Dtaas.WireGuard.Devices;
using Dtaas.WireGuard.Keys;

namespace Dtaas.WireGuard.Uapi;

/// <summary>
/// The text of WireGuard's cross-platform UAPI (wireguard.com/xplatform): <c>key=value</c> lines, keys in lowercase
/// hex, a blank line ending each message, and <c>errno=N</c> closing every answer. Pure text, so it is tested without a device.
/// </summary>
public static class UapiProtocol
{
    public const string GetRequest = "get=1\n\n";

    public static string FormatSet(DeviceConfig config)
    {
        var text = new StringBuilder("set=1\n");
        if (config.PrivateKey is { } privateKey)
        {
            Line(text, "private_key", privateKey.ToHex());
        }
        if (config.ListenPort is { } port)
        {
            Line(text, "listen_port", port.ToString(CultureInfo.InvariantCulture));
        }
        if (config.ReplacePeers)
        {
            Line(text, "replace_peers", "true");
        }
        foreach (var peer in config.Peers)
        {
            Line(text, "public_key", peer.PublicKey.ToHex());
            if (peer.Remove)
            {
                Line(text, "remove", "true");
                continue;
            }
            if (peer.Endpoint is { } endpoint)
            {
                Line(text, "endpoint", endpoint.ToString());
            }
            if (peer.PersistentKeepaliveSeconds is { } keepalive)
            {
                Line(text, "persistent_keepalive_interval", keepalive.ToString(CultureInfo.InvariantCulture));
            }
            if (peer.ReplaceAllowedIps)
            {
                Line(text, "replace_allowed_ips", "true");
            }
            foreach (var allowed in peer.AllowedIps)
            {
                Line(text, "allowed_ip", allowed.ToString());
            }
        }
        return text.Append('\n').ToString();
    }

    /// <summary>Parses the answer to <c>get=1</c>; throws <see cref="UapiException"/> on a non-zero errno or malformed text.</summary>
    public static DeviceState ParseGet(string interfaceName, string answer)
    {
        var device = new DeviceBuilder();
        PeerBuilder? peer = null;
        foreach (var (key, value) in Lines(interfaceName, answer))
        {
            try
            {
                if (key == "public_key")
                {
                    peer = new PeerBuilder(WireGuardKey.ParseHex(value));
                    device.Peers.Add(peer);
                }
                else if (peer is null)
                {
                    device.Apply(key, value);
                }
                else
                {
                    peer.Apply(key, value);
                }
            }
            catch (FormatException e)
            {
                throw new UapiException(interfaceName, null, $"unreadable UAPI line {Redacted(key, value)}: {e.Message}");
            }
        }
        return device.Build();
    }

    /// <summary>Checks the answer to a <c>set=1</c>: just <c>errno=0</c>.</summary>
    public static void CheckSetAnswer(string interfaceName, string answer) => _ = Lines(interfaceName, answer).ToList();

    /// <summary>The key=value lines before the closing errno, which is checked once all lines have been read.</summary>
    private static IEnumerable<(string Key, string Value)> Lines(string interfaceName, string answer)
    {
        var lines = answer.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var last = lines.Length == 0 ? "" : lines[^1];
        if (!last.StartsWith("errno=", StringComparison.Ordinal) || !int.TryParse(last.AsSpan("errno=".Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out var errno))
        {
            throw new UapiException(interfaceName, null,
                $"UAPI answer does not end with errno=N: '{string.Join("\\n", lines.Select(Redacted))}'");
        }
        if (errno != 0)
        {
            throw new UapiException(interfaceName, errno, $"UAPI answered errno={errno}");
        }
        foreach (var line in lines[..^1])
        {
            var equals = line.IndexOf('=');
            if (equals <= 0)
            {
                throw new UapiException(interfaceName, null, $"UAPI line is not key=value: '{line}'");
            }
            yield return (line[..equals], line[(equals + 1)..]);
        }
    }

    /// <summary>A line as it may appear in a message or a log: the device reports its private key, which never may.</summary>
    private static string Redacted(string line) => line.IndexOf('=') is var at && at > 0 ? Redacted(line[..at], line[(at + 1)..]) : line;

    private static string Redacted(string key, string value) =>
        key is "private_key" or "preshared_key" ? $"{key}=(redacted)" : $"{key}={value}";

    private static void Line(StringBuilder text, string key, string value) => text.Append(key).Append('=').Append(value).Append('\n');

    private static long Number(string value) => long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);

    private sealed class DeviceBuilder
    {
        private WireGuardKey _publicKey = WireGuardKey.Zero;
        private int _listenPort;

        public List<PeerBuilder> Peers { get; } = [];

        public void Apply(string key, string value)
        {
            switch (key)
            {
                case "private_key":
                    // The device reports its private key; only the public half leaves this parser.
                    var privateKey = WireGuardPrivateKey.ParseHex(value);
                    _publicKey = privateKey.AsSpan().IndexOfAnyExcept((byte)0) < 0 ? WireGuardKey.Zero : privateKey.PublicKey;
                    break;
                case "listen_port":
                    _listenPort = checked((int)Number(value));
                    break;
            }
        }

        public DeviceState Build() => new(_publicKey, _listenPort, Peers.Select(peer => peer.Build()).ToList());
    }

    private sealed class PeerBuilder(WireGuardKey publicKey)
    {
        private readonly List<IPNetwork> _allowedIps = [];
        private IPEndPoint? _endpoint;
        private long _handshakeSeconds;
        private long _handshakeNanoseconds;
        private long _rxBytes;
        private long _txBytes;
        private int _keepalive;

        public void Apply(string key, string value)
        {
            switch (key)
            {
                case "endpoint":
                    _endpoint = IPEndPoint.Parse(value);
                    break;
                case "allowed_ip":
                    _allowedIps.Add(IPNetwork.Parse(value));
                    break;
                case "last_handshake_time_sec":
                    _handshakeSeconds = Number(value);
                    break;
                case "last_handshake_time_nsec":
                    _handshakeNanoseconds = Number(value);
                    break;
                case "rx_bytes":
                    _rxBytes = Number(value);
                    break;
                case "tx_bytes":
                    _txBytes = Number(value);
                    break;
                case "persistent_keepalive_interval":
                    _keepalive = checked((int)Number(value));
                    break;
            }
        }

        public PeerState Build() => new(
            publicKey,
            _endpoint,
            _allowedIps,
            _handshakeSeconds == 0 && _handshakeNanoseconds == 0
                ? null
                : DateTimeOffset.FromUnixTimeSeconds(_handshakeSeconds).AddTicks(_handshakeNanoseconds / 100),
            _rxBytes,
            _txBytes,
            _keepalive);
    }
}
