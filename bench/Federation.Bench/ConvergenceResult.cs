namespace Dtaas.Federation.Bench;

/// <summary>One cluster size's samples; <paramref name="Calls"/> is empty where no steady member could call.</summary>
public sealed record ConvergenceResult(int Size, Latencies Joins, Latencies Removals, Latencies Calls);
