using System.Net;
using Dtaas.Gateway;
using Dtaas.Grains.Interfaces.Federation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Dtaas.Silo.Federation;

/// <summary>
/// The federation protocol's listener of one domain (<see cref="FederationService"/>, gRPC over cleartext HTTP/2),
/// bound to this node's overlay address only, so it is reachable through the WireGuard interface and nowhere else;
/// WireGuard encrypts and authenticates. Calls are admitted by source address and asserted caller
/// (<see cref="FederationAdmission"/>). The standard health service <c>grpc.health.v1.Health</c> answers on the same
/// port for anyone who can reach it: it says only whether the listener serves.
/// </summary>
public sealed class FederationListener : IAsyncDisposable
{
    /// <summary>The TCP port of federation calls on every overlay address.</summary>
    public const int Port = 7480;

    /// <summary>The largest request or answer (a member list of many nodes, a large app set); as the grain-call codec allowed.</summary>
    private const int MaxMessageBytes = 16 * 1024 * 1024;

    private readonly KestrelListener _listener;
    private readonly FederationAdmission _admission;

    private FederationListener(IPEndPoint endpoint, KestrelListener listener, FederationAdmission admission)
    {
        Endpoint = endpoint;
        _listener = listener;
        _admission = admission;
    }

    public IPEndPoint Endpoint { get; }

    public static async Task<FederationListener> StartAsync(IPEndPoint endpoint, Guid domainUid, IReadOnlyDictionary<IPAddress, string> members,
        Func<Guid, IFederationGrain> grains, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var admission = new FederationAdmission(domainUid, members);
        var listener = await KestrelListener.StartAsync(endpoint, HttpProtocols.Http2, loggerFactory, services =>
        {
            services.AddSingleton(admission);
            services.AddSingleton(grains);
            services.AddGrpc(grpc =>
            {
                grpc.MaxReceiveMessageSize = MaxMessageBytes;
                grpc.MaxSendMessageSize = MaxMessageBytes;
            });
            // The listener answering is all there is to tell: SERVING from the first call on.
            services.AddGrpcHealthChecks().AddCheck("federation", () => HealthCheckResult.Healthy());
        }, app =>
        {
            app.MapGrpcService<FederationService>();
            app.MapGrpcHealthChecksService();
        }, cancellationToken);
        return new FederationListener(endpoint, listener, admission);
    }

    /// <summary>The member whose overlay address <paramref name="address"/> is, or null.</summary>
    public string? MemberAt(IPAddress address) => _admission.MemberAt(address);

    /// <summary>Who may call from now on: overlay address to node id.</summary>
    public void SetMembers(IReadOnlyDictionary<IPAddress, string> members) => _admission.SetMembers(members);

    public ValueTask DisposeAsync() => _listener.DisposeAsync();
}
