using System.Collections.Concurrent;
using System.Net.Sockets;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dtaas.TestSupport.Web;

/// <summary>
/// The receiving end of OTLP/HTTP traces (<c>POST /v1/traces</c>, protobuf), as a collector would be: keeps every span
/// it is sent. Reads only what tests look at (trace and span ids, name, kind, service.instance.id) straight off the
/// wire format of opentelemetry-proto's ExportTraceServiceRequest, so the exporter is checked against the protocol,
/// not against our own reading of it.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<OtlpSpan> _spans = new();
    private WebApplication _app = null!;

    public IReadOnlyCollection<OtlpSpan> Spans => _spans;

    /// <summary>Listens on <paramref name="bound"/>, a bound TCP socket (its network namespace is where it was made).</summary>
    public static async Task<OtlpReceiver> StartAsync(Socket bound)
    {
        var receiver = new OtlpReceiver();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton<Microsoft.Extensions.Logging.ILoggerFactory>(NullLoggerFactory.Instance);
        builder.Services.AddRouting();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.ListenHandle((ulong)bound.Handle, l => l.Protocols = HttpProtocols.Http1AndHttp2));
        receiver._app = builder.Build();
        receiver._app.MapPost("/v1/traces", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            foreach (var span in Read(body.ToArray()))
            {
                receiver._spans.Enqueue(span);
            }
            return Results.Bytes([], "application/x-protobuf"); // an empty ExportTraceServiceResponse: all accepted
        });
        await receiver._app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    // ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1 }
    // ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2 }  Resource { repeated KeyValue attributes = 1 }
    // ScopeSpans { repeated Span spans = 2 }  Span { trace_id = 1; span_id = 2; parent_span_id = 4; name = 5; kind = 6 }
    private static IEnumerable<OtlpSpan> Read(byte[] request)
    {
        foreach (var resourceSpans in Messages(request, 1))
        {
            var instance = Messages(resourceSpans, 1).SelectMany(resource => Messages(resource, 1))
                .Select(Attribute).FirstOrDefault(a => a.Key == "service.instance.id").Value ?? "";
            foreach (var span in Messages(resourceSpans, 2).SelectMany(scope => Messages(scope, 2)))
            {
                yield return ReadSpan(span, instance);
            }
        }
    }

    private static OtlpSpan ReadSpan(byte[] span, string instance)
    {
        string traceId = "", spanId = "", parent = "", name = "";
        int kind = 0;
        var input = new CodedInputStream(span);
        while (input.ReadTag() is var tag and not 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: traceId = Convert.ToHexStringLower(input.ReadBytes().ToByteArray()); break;
                case 2: spanId = Convert.ToHexStringLower(input.ReadBytes().ToByteArray()); break;
                case 4: parent = Convert.ToHexStringLower(input.ReadBytes().ToByteArray()); break;
                case 5: name = input.ReadString(); break;
                case 6: kind = input.ReadEnum(); break;
                default: input.SkipLastField(); break;
            }
        }
        return new OtlpSpan(instance, traceId, spanId, parent, name, kind);
    }

    // KeyValue { string key = 1; AnyValue value = 2 }  AnyValue { string string_value = 1; ... }
    private static KeyValuePair<string, string?> Attribute(byte[] keyValue)
    {
        string key = "";
        string? value = null;
        var input = new CodedInputStream(keyValue);
        while (input.ReadTag() is var tag and not 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: key = input.ReadString(); break;
                case 2: value = Messages(input.ReadBytes().ToByteArray(), 1).Select(b => System.Text.Encoding.UTF8.GetString(b)).FirstOrDefault(); break;
                default: input.SkipLastField(); break;
            }
        }
        return new(key, value);
    }

    /// <summary>The length-delimited fields numbered <paramref name="field"/> of a message.</summary>
    private static List<byte[]> Messages(byte[] message, int field)
    {
        var found = new List<byte[]>();
        var input = new CodedInputStream(message);
        while (input.ReadTag() is var tag and not 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == field && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                found.Add(input.ReadBytes().ToByteArray());
            }
            else
            {
                input.SkipLastField();
            }
        }
        return found;
    }
}
