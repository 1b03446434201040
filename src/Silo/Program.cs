using System.Runtime.InteropServices;
using Dtaas.Silo.Hosting;
using Dtaas.Silo.Identity;
using Dtaas.Silo.Options;
using Microsoft.Extensions.Logging;

if (args is [HashPasswordCommand.Name, .. var rest])
{
    return HashPasswordCommand.Run(rest, Console.In, Console.Out, Console.Error);
}

SiloOptions? options;
try
{
    options = SiloOptionsParser.Parse(args, Environment.GetEnvironmentVariable, Console.Out);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"dtaas-silo: {e.Message}");
    return 2;
}
if (options is null)
{
    return 0;
}

using var loggerFactory = LoggerFactory.Create(logging => logging
    .AddSimpleConsole(console =>
    {
        console.SingleLine = true;
        console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        console.UseUtcTimestamp = true;
    })
    .SetMinimumLevel(LogLevel.Information)
    // Each listener is its own ASP.NET Core app; their start-up chatter would repeat what the silo prints itself.
    .AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning)
    .AddFilter("Microsoft.AspNetCore", LogLevel.Warning)
    // YARP logs every request it forwards (two Information lines a hop, a console write each) and each failure with its
    // stack; the gateway logs its own failures, one line with the reason.
    .AddFilter("Yarp", LogLevel.Error)
    // Orleans narrates its start, memberList and every activation collection at Information; its warnings stay.
    .AddFilter("Orleans", LogLevel.Warning)
    // Orleans places activations through a Polly pipeline that reports every attempt at Information.
    .AddFilter("Polly", LogLevel.Warning)
    // gRPC's server logs a call the client gave up on (a probe past its deadline) as an error with a stack; the
    // federation service logs what it refuses itself.
    .AddFilter("Grpc.AspNetCore.Server.ServerCallHandler", LogLevel.Critical));

// Listening from the first moment: a SIGTERM during start-up stops what has started and exits 0 too. The embedded
// hosts' lifetimes leave the signals to this one (EmbeddedHostLifetime).
using var stopping = new CancellationTokenSource();
var progress = new StopProgress();
var logger = loggerFactory.CreateLogger("Dtaas.Silo");
TimeSpan shutdownTimeout;
try
{
    shutdownTimeout = StartSettings.ShutdownTimeout(options);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"dtaas-silo: cannot start: {e.Message}");
    return 1;
}
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    if (stopping.IsCancellationRequested)
    {
        return;
    }
    logger.LogInformation("{Signal}: stopping within {Timeout} s", context.Signal, shutdownTimeout.TotalSeconds);
    // Past the bound the process exits anyway (Kubernetes would SIGKILL it soon after), saying what still ran.
    _ = Task.Delay(shutdownTimeout).ContinueWith(_ =>
    {
        logger.LogError("Stop did not finish within --shutdown-timeout {Timeout} s; still {Step}; exiting", shutdownTimeout.TotalSeconds, progress.Step);
        loggerFactory.Dispose();
        Environment.Exit(1);
    }, TaskScheduler.Default);
    // Not on the signal's thread: cancellation runs the start-up's callbacks.
    _ = stopping.CancelAsync();
}
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

RunningSilo silo;
try
{
    silo = await SiloHost.StartAsync(options, loggerFactory, stopping.Token, progress);
}
catch (Exception) when (stopping.IsCancellationRequested)
{
    logger.LogInformation("Stopped during start-up");
    return 0;
}
catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"dtaas-silo: cannot start: {e.Message}");
    return 1;
}

await using (silo)
{
    Console.WriteLine($"""

        DTaaS node {silo.Node.Name} ({silo.Node.Id}) is running.
          Kubernetes API       {silo.Kubernetes.Description}
          client SDK endpoint  {silo.ClientEndpoint}  (token in {silo.Data.ClientTokenPath})
          gateway              {silo.Gateway}  (GET /healthz)
          metrics              {(silo.Metrics is { } metrics ? metrics.ToString() : "off")}
          data directory       {silo.Data.Path}
        {(silo.Kubernetes.Standalone is { } api ? $"""
        Try it:
          export KUBECONFIG={api.KubeconfigPath}
          kubectl apply -f k8s/examples/dtdomain.yaml
          kubectl describe dtdomains
        """ : "")}
        Stop with Ctrl+C.
        """);

    await Task.Delay(Timeout.Infinite, stopping.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    Console.WriteLine("Stopping...");
}
logger.LogInformation("Stopped");
return 0;
