namespace Dtaas.App.Bench;

/// <summary>
/// Stopwatch timestamps of one dtApp's life: <c>kubectl apply</c> started and ended, the origin's dtApp seen with its
/// URI by a watch, the first 200 from each member's gateway (node0 first), then <c>kubectl delete</c> started and ended
/// and the first 404 from each member.
/// </summary>
public sealed record PublishRound(
    long ApplyStarted, long ApplyEnded, long UriSeen, IReadOnlyList<long> Answered,
    long DeleteStarted, long DeleteEnded, IReadOnlyList<long> Gone);
