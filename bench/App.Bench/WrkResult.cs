namespace Dtaas.App.Bench;

/// <summary>What one wrk run reported: throughput, latency percentiles (ms), the requests that did not succeed, and wrk's own CPU seconds.</summary>
public sealed record WrkResult(long Requests, double RequestsPerSecond, double P50Ms, double P99Ms, long Non2xx, long SocketErrors, double CpuSeconds);
