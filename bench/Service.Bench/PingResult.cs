namespace Dtaas.Service.Bench;

/// <summary>Round-trip times of one ping run, in milliseconds, and how many of the probes sent came back.</summary>
public sealed record PingResult(int Sent, int Received, double P50Ms, double P90Ms, double P99Ms, double MaxMs);
