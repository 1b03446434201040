using Dtaas.Client;
using Dtaas.Grains.Interfaces.Node;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;

// Usage: Dtaas.SdkConsole <silo data directory> [--token T] [--certificates DIR | --no-certificates]
// Prints the node's id and name as its node grain reports them. The options replace what the data directory gives:
// another token, the SDK certificates of another directory, or none at all.
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: Dtaas.SdkConsole <silo data directory> [--token T] [--certificates DIR | --no-certificates]");
    return 2;
}
var node = DtaasNodeOptions.FromDataDirectory(args[0]);
for (var i = 1; i < args.Length; i++)
{
    node = args[i] switch
    {
        "--token" => node with { Token = args[++i] },
        "--certificates" => node.WithCertificatesFrom(args[++i]),
        "--no-certificates" => node with { ClientCertificate = null, Authority = null },
        var other => throw new ArgumentException($"unknown argument {other}"),
    };
}

var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Critical);
builder.UseOrleansClient(client => client.UseDtaasNode(node));
using var host = builder.Build();
try
{
    await host.StartAsync();
    var info = await host.Services.GetRequiredService<IClusterClient>().GetGrain<INodeGrain>(INodeGrain.Self).GetInfo();
    Console.WriteLine($"node {info.Id} {info.Name}");
    await host.StopAsync();
    return 0;
}
catch (Exception e)
{
    Console.Error.WriteLine($"failed: {e.GetType().Name}: {e.Message}");
    for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
    {
        Console.Error.WriteLine($"  because: {inner.GetType().Name}: {inner.Message}");
    }
    return 1;
}
