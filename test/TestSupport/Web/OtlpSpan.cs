namespace Dtaas.TestSupport.Web;

/// <summary>One span as an OTLP exporter sent it: ids in lowercase hex, <see cref="Kind"/> as OTLP numbers it (2 server, 3 client).</summary>
public sealed record OtlpSpan(string ServiceInstance, string TraceId, string SpanId, string ParentSpanId, string Name, int Kind)
{
    public const int Server = 2;
    public const int Client = 3;
}
