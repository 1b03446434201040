namespace Dtaas.App.Bench;

/// <summary>
/// One wrk row: the path, the namespace wrk ran in, its result, the CPU seconds each component spent
/// during it and the TCP connections each node's namespace opened.
/// </summary>
public sealed record ThroughputRow(string Path, string Client, WrkResult Result, IReadOnlyDictionary<string, double> Cpu, IReadOnlyDictionary<string, long> Opened);
