namespace Dtaas.Service.Bench;

/// <summary>
/// One path's figures: TCP and UDP iperf3 runs, ping RTTs, and the CPU seconds each component spent during the TCP
/// run (<see cref="CpuSample"/> keys plus "iperf3 client" and "iperf3 server").
/// </summary>
public sealed record PathRow(string Path, string Address, Iperf3Result Tcp, Iperf3Result Udp, PingResult Ping, IReadOnlyDictionary<string, double> TcpCpu);
