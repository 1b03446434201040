namespace Dtaas.App.Bench;

/// <summary>wrk's load: threads, open connections (each one request at a time, keep-alive) and duration.</summary>
public sealed record WrkSettings(int Threads, int Connections, int Seconds)
{
    public override string ToString() => $"-t{Threads} -c{Connections} -d{Seconds}s --latency";
}
