using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dtaas.Silo.WebConsole;

/// <summary>The console's live updates: one server-sent event stream per open page, fed from the node's view or the user's.</summary>
public static class ConsoleLiveStream
{
    private static readonly TimeSpan NodeInterval = TimeSpan.FromMilliseconds(400);
    private static readonly TimeSpan UserInterval = TimeSpan.FromMilliseconds(400);
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Server-sent events: <c>node</c> with the node's view to the node admin, or <c>user</c> with the user's to a user,
    /// sent when it changed (checked every few hundred milliseconds, so a change shows within a second), and
    /// <c>expired</c> when the session ends.
    /// </summary>
    public static async Task RunAsync(HttpContext context, ConsoleView view, string token, bool admin, ILogger logger)
    {
        var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var cancellationToken = stop.Token;
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        var writing = new SemaphoreSlim(1, 1);
        async Task SendAsync(string name, string data)
        {
            await writing.WaitAsync(cancellationToken);
            try
            {
                await context.Response.WriteAsync($"event: {name}\ndata: {data}\n\n", Encoding.UTF8, cancellationToken);
                await context.Response.Body.FlushAsync(cancellationToken);
            }
            finally
            {
                writing.Release();
            }
        }
        async Task Loop(TimeSpan interval, Func<Task<string?>> read, string name)
        {
            string? last = null;
            var quiet = TimeSpan.Zero;
            while (!cancellationToken.IsCancellationRequested)
            {
                string? data;
                try
                {
                    data = await read();
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    logger.LogDebug("Console stream: reading {Part} failed: {Reason}", name, e.Message);
                    data = last;
                }
                if (data is null)
                {
                    await SendAsync("expired", "{}");
                    await stop.CancelAsync();
                    return;
                }
                if (data != last)
                {
                    await SendAsync(name, data);
                    last = data;
                    quiet = TimeSpan.Zero;
                }
                else if ((quiet += interval) >= KeepAlive)
                {
                    await SendAsync("ping", "{}");
                    quiet = TimeSpan.Zero;
                }
                await Task.Delay(interval, cancellationToken);
            }
        }
        try
        {
            await SendAsync("ready", "{}");
            await (admin
                ? Loop(NodeInterval, async () => await view.ResolveAsync(token, cancellationToken) is { Admin: true }
                    ? JsonSerializer.Serialize(await view.NodeAsync(cancellationToken), ConsoleJsonContext.Default.NodeSnapshot)
                    : null, "node")
                : Loop(UserInterval, async () => await view.ResolveAsync(token, cancellationToken) is { User: { } user }
                    ? JsonSerializer.Serialize(await view.UserAsync(user, cancellationToken), ConsoleJsonContext.Default.UserSnapshot)
                    : null, "user"));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The browser went away, the session ended or the listener stops.
        }
    }
}
