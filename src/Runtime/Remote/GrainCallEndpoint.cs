using System.IO.Pipelines;
using System.Text.Json;
using Dtaas.Runtime.Activations;
using Dtaas.Runtime.Invocation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dtaas.Runtime;

/// <summary>
/// The server side of remote grain calls: <c>POST grains/{interface}/{method}?key=</c> runs the call on a local
/// activation; <c>GET grains</c> tells who this silo is. Who may call is decided by the listener that maps it.
/// With <c>&amp;node=</c> naming another node, the call is relayed there (only where relaying is allowed: the client
/// endpoint, never between nodes).
/// </summary>
public sealed class GrainCallEndpoint
{
    private const long MaxBodyBytes = 16 * 1024 * 1024;

    private readonly Catalog _catalog;
    private readonly GrainClassRegistry _classes;
    private readonly GrainInterfaceRegistry _interfaces;
    private readonly GrainSerializer _serializer;
    private readonly GrainRuntimeOptions _options;
    private readonly ILogger<GrainCallEndpoint> _logger;
    private readonly GrainRpcClient _rpc;
    private readonly INodeDirectory _nodes;

    internal GrainCallEndpoint(Catalog catalog, GrainClassRegistry classes, GrainInterfaceRegistry interfaces,
        GrainSerializer serializer, GrainRuntimeOptions options, GrainRpcClient rpc, INodeDirectory nodes, ILogger<GrainCallEndpoint> logger)
    {
        _rpc = rpc;
        _nodes = nodes;
        _catalog = catalog;
        _classes = classes;
        _interfaces = interfaces;
        _serializer = serializer;
        _options = options;
        _logger = logger;
    }

    /// <summary>Who this silo is, for callers <paramref name="authenticate"/> admits (anyone the listener lets through by default).</summary>
    public Task HandleInfoAsync(HttpContext context, Func<HttpContext, GrainCaller?>? authenticate) =>
        authenticate is not null && authenticate(context) is null
            ? Refuse(context)
            : context.Response.WriteAsJsonAsync(new SiloInfo(_options.NodeId, _options.NodeName), RuntimeJsonContext.Default.SiloInfo, cancellationToken: context.RequestAborted);

    /// <summary>
    /// Runs a call. <paramref name="allowRelay"/>: calls addressed to another node are relayed there (the client
    /// endpoint). <paramref name="authenticate"/> says who is calling (null refuses); by default anyone the listener
    /// lets through is admitted as no node.
    /// </summary>
    public async Task HandleCallAsync(HttpContext context, bool allowRelay, Func<HttpContext, GrainCaller?>? authenticate)
    {
        var caller = authenticate is null ? GrainCaller.Anonymous : authenticate(context);
        if (caller is null)
        {
            await Refuse(context);
            return;
        }
        var interfaceName = (string?)context.Request.RouteValues["interface"] ?? "";
        var methodName = (string?)context.Request.RouteValues["method"] ?? "";
        var key = context.Request.Query["key"].ToString();
        var node = context.Request.Query["node"].ToString();
        RuntimeActivities.TagCall(System.Diagnostics.Activity.Current, interfaceName, methodName, key); // the listener's request span
        bool relay = node.Length != 0 && node != _options.NodeId;
        if (relay && !allowRelay)
        {
            await WriteErrorAsync(context, StatusCodes.Status403Forbidden, new UnauthorizedAccessException($"This endpoint does not relay calls to node {node}."));
            return;
        }
        Uri? relayTo = null;
        if (relay && !_nodes.TryGetAddress(node, out relayTo))
        {
            await WriteErrorAsync(context, StatusCodes.Status404NotFound, new SiloUnavailableException($"Node {node} is not known to this silo."));
            return;
        }
        if (!_interfaces.TryGetByName(interfaceName, out var grainInterface) || (!relay && !_classes.Has(interfaceName)))
        {
            await WriteErrorAsync(context, StatusCodes.Status404NotFound, new GrainInterfaceException($"No grain class implements {interfaceName} on this silo."));
            return;
        }
        if (!grainInterface.TryGetMethod(methodName, out var method))
        {
            await WriteErrorAsync(context, StatusCodes.Status404NotFound, new GrainInterfaceException($"{interfaceName} has no method {methodName}."));
            return;
        }

        object?[] args;
        var body = context.Request.BodyReader;
        var read = await body.ReadAsync(context.RequestAborted);
        try
        {
            while (!read.IsCompleted)
            {
                if (read.Buffer.Length > MaxBodyBytes)
                {
                    await WriteErrorAsync(context, StatusCodes.Status413PayloadTooLarge, new GrainCallFormatException($"A grain call body may not exceed {MaxBodyBytes} bytes."));
                    return;
                }
                body.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                read = await body.ReadAsync(context.RequestAborted);
            }
            args = GrainCallCodec.ReadArguments(method, read.Buffer, _serializer, context.RequestAborted);
        }
        catch (Exception e) when (e is GrainCallFormatException or JsonException)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, e);
            return;
        }
        finally
        {
            body.AdvanceTo(read.Buffer.End);
        }

        var grain = new GrainId(interfaceName, key);
        var call = (Task)(relayTo is null
            ? method.CallLocal(_catalog.GetOrCreate(grain), args, caller.NodeId)
            : method.CallRemote(_rpc, new RemoteTarget(relayTo, null), grain, args));
        try
        {
            await call;
        }
        catch (Exception e)
        {
            _logger.LogDebug("Remote call {Interface}.{Method} on {Key} threw {Exception}: {Message}", interfaceName, methodName, key, e.GetType().Name, e.Message);
            await WriteErrorAsync(context, StatusCodes.Status500InternalServerError, e);
            return;
        }
        var result = GrainCallCodec.WriteResult(method, method.GetResult(call), _serializer);
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(result, context.RequestAborted);
    }

    private static Task Refuse(HttpContext context) =>
        WriteErrorAsync(context, StatusCodes.Status403Forbidden,
            new UnauthorizedAccessException($"This listener does not accept grain calls from {context.Connection.RemoteIpAddress}."));

    private static Task WriteErrorAsync(HttpContext context, int status, Exception error)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(RemoteExceptions.Describe(error), RuntimeJsonContext.Default.GrainCallError, cancellationToken: context.RequestAborted);
    }
}
