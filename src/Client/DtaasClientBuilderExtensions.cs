using Dtaas.Grains.Interfaces;
using Dtaas.Grains.Interfaces.Node;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Serialization;

namespace Dtaas.Client;

/// <summary>
/// Connects an Orleans client to one DTaaS node:
/// <c>builder.UseOrleansClient(client => client.UseDtaasNode(dataDirectory))</c>, then
/// <c>IClusterClient.GetGrain&lt;INodeGrain&gt;(INodeGrain.Self)</c> and the other interfaces of Dtaas.Grains.Interfaces.
/// </summary>
public static class DtaasClientBuilderExtensions
{
    /// <summary>The node whose data directory this process can read (a silo on the same machine).</summary>
    public static IClientBuilder UseDtaasNode(this IClientBuilder client, string dataDirectory) =>
        client.UseDtaasNode(DtaasNodeOptions.FromDataDirectory(dataDirectory));

    public static IClientBuilder UseDtaasNode(this IClientBuilder client, DtaasNodeOptions node)
    {
        client.UseStaticClustering(node.Endpoint);
        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = NodeCluster.ClusterId(node.NodeId);
            o.ServiceId = NodeCluster.ServiceId(node.NodeId);
        });
        if (node.ClientCertificate is { } certificate)
        {
            var authority = node.Authority ?? throw new ArgumentException("a client certificate needs the node's SDK authority to check the client gateway's certificate", nameof(node));
            client.UseTls(certificate, tls =>
            {
                tls.RemoteCertificateValidation = (server, _, _) => SdkCertificates.IsIssuedBy(authority, server, SdkCertificateRole.Server);
                tls.OnAuthenticateAsClient = (_, authentication) => authentication.TargetHost = SdkCertificates.ServerName;
            });
        }
        // Registered after TLS, so the token travels inside it.
        var refusal = new ClientRefusal();
        client.Configure<ClientConnectionOptions>(o => o.ConfigureConnection(connection => connection.UseMiddleware(new ClientTokenHandshake(node.Token, refusal))));
        client.UseConnectionRetryFilter(new RefusalRetryFilter(refusal));
        client.Services.AddSerializer(serializer => serializer.AddDtaasModels());
        return client;
    }
}
