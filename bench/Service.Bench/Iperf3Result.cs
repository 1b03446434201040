namespace Dtaas.Service.Bench;

/// <summary>
/// One iperf3 client run, from its JSON: bits per second received by the server, TCP retransmits (UDP: datagrams
/// lost, loss % and jitter), and the CPU seconds of the client and server processes (from /proc, around each).
/// </summary>
public sealed record Iperf3Result(
    double BitsPerSecond, long Retransmits, long LostPackets, double LostPercent, double JitterMs,
    double Seconds, double ClientCpuSeconds, double ServerCpuSeconds);
