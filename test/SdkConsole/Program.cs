using Dtaas.Client;
using Dtaas.Grains.Interfaces.Node;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.SdkConsole;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;

// Usage: Dtaas.SdkConsole <silo data directory> [objects <username> <password> <model name> <member principal> | watch <dtApp name> <ready file>
//            | publish <dtApp name> <service> | unpublish <dtApp name>
//            | domain <dtDomain name> <watched node id> <ready file> <dtApp name> <service>]
//            [--token T] [--certificates DIR | --no-certificates] [--namespace NS]
// Prints the node's id and name as its node grain reports them; with "objects", then logs in as the user and walks
// servables and trusts through the grain interfaces (ObjectsWalk), one line per step; with "watch", subscribes to the
// node's changes and prints those of one dtApp until it is deleted (AppWatch); with "publish" and "unpublish", writes a
// dtApp through its grain (AppWrites); with "domain", lists every kind, reads the domain and its peers, publishes a dtApp
// to it, hears a member's dtPeer go and come back, and tries internal calls (DomainWalk). The options replace what the data
// directory gives (another token, the SDK certificates of another directory, or none at all) and name the node's
// namespace, which keys its grains. Exits 0 when done, 1 on a failure, 2 on wrong usage, 3 when the login is refused.
const string Usage = "usage: Dtaas.SdkConsole <silo data directory> [objects <username> <password> <model name> <member principal> | watch <dtApp name> <ready file> | publish <dtApp name> <service> | unpublish <dtApp name> | domain <dtDomain name> <watched node id> <ready file> <dtApp name> <service>] "
    + "[--token T] [--certificates DIR | --no-certificates] [--namespace NS]";
if (args.Length < 1)
{
    Console.Error.WriteLine(Usage);
    return 2;
}
var objects = args.Length > 1 && args[1] == "objects";
var watch = args.Length > 1 && args[1] == "watch";
var publish = args.Length > 1 && args[1] == "publish";
var unpublish = args.Length > 1 && args[1] == "unpublish";
var domain = args.Length > 1 && args[1] == "domain";
if ((domain && args.Length < 7) || (objects && args.Length < 6) || ((watch || publish) && args.Length < 4) || (unpublish && args.Length < 3))
{
    Console.Error.WriteLine(Usage);
    return 2;
}
var node = DtaasNodeOptions.FromDataDirectory(args[0]);
var @namespace = ObjectsWalk.DefaultNamespace;
for (var i = domain ? 7 : objects ? 6 : watch || publish ? 4 : unpublish ? 3 : 1; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--token": node = node with { Token = args[++i] }; break;
        case "--certificates": node = node.WithCertificatesFrom(args[++i]); break;
        case "--no-certificates": node = node with { ClientCertificate = null, Authority = null }; break;
        case "--namespace": @namespace = args[++i]; break;
        default: throw new ArgumentException($"unknown argument {args[i]}");
    }
}
Principal? member = null;
if (objects && !Principal.TryParse(args[5], out member, out var problem))
{
    Console.Error.WriteLine(problem);
    return 2;
}

var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Critical);
builder.UseOrleansClient(client => client.UseDtaasNode(node));
using var host = builder.Build();
try
{
    await host.StartAsync();
    var grains = host.Services.GetRequiredService<IClusterClient>();
    var info = await grains.GetGrain<INodeGrain>(INodeGrain.Self).GetInfo();
    Console.WriteLine($"node {info.Id} {info.Name}");
    // Ctrl+C stops the host, and with it the walk's grain calls.
    var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
    var exit = member is not null ? await new ObjectsWalk(args[2], args[3], args[4], member, @namespace).RunAsync(grains, stopping)
        : watch ? await new AppWatch(args[2], args[3], @namespace).RunAsync(grains, stopping)
        : publish ? await AppWrites.PublishAsync(grains, @namespace, args[2], args[3], stopping)
        : unpublish ? await AppWrites.UnpublishAsync(grains, @namespace, args[2], stopping)
        : domain ? await new DomainWalk(args[2], args[3], args[4], args[5], args[6], @namespace).RunAsync(grains, stopping)
        : 0;
    await host.StopAsync();
    return exit;
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
