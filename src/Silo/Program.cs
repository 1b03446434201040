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
    // Orleans narrates its start, membership and every activation collection at Information; its warnings stay.
    .AddFilter("Orleans", LogLevel.Warning)
    // Orleans places activations through a Polly pipeline that reports every attempt at Information.
    .AddFilter("Polly", LogLevel.Warning)
    // gRPC's server logs a call the client gave up on (a probe past its deadline) as an error with a stack; the
    // federation service logs what it refuses itself.
    .AddFilter("Grpc.AspNetCore.Server.ServerCallHandler", LogLevel.Critical));

RunningSilo silo;
try
{
    silo = await SiloHost.StartAsync(options, loggerFactory);
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

    var stop = new TaskCompletionSource();
    using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.TrySetResult(); });
    using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.TrySetResult(); });
    await stop.Task;
    Console.WriteLine("Stopping...");
}
return 0;
