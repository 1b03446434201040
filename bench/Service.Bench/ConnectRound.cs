namespace Dtaas.Service.Bench;

/// <summary>
/// Stopwatch timestamps of one client join: <c>kubectl apply</c> started and ended, the client's dtService seen
/// <c>Connected</c> by a watch on node1, node0's object with both peers, the first TCP connection from service-pod to the server's address, then
/// <c>kubectl delete</c> started and ended and the object seen gone (and the server's peers back to itself alone).
/// </summary>
public sealed record ConnectRound(
    long ApplyStarted, long ApplyEnded, long Connected, long ServerGrew, long TcpThrough,
    long DeleteStarted, long DeleteEnded, long Gone, long ServerShrunk);
