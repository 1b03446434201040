namespace Dtaas.Federation.Bench;

/// <summary>
/// One node's dtApps reaching, and leaving, every other member: the origin's own create or delete call (user's write
/// plus the origin's reconcile), and from the call until the last member held (or lost) the replica.
/// </summary>
public sealed record AppReplicationResult(int Size, Latencies OriginCreates, Latencies Publishes, Latencies OriginDeletes, Latencies Withdrawals);
