using System.Globalization;
using System.Net;
using Orleans.Runtime;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace Dtaas.Silo.Replicas;

/// <summary>
/// How a replica learns where another takes forwarded requests: each silo publishes its <c>--replica-listen</c> port in
/// its Orleans silo metadata (fetched by every silo of the node's cluster over the silo port, mutual TLS), and the
/// address is the one its silo advertises. The Lease holder's identity is its silo's name.
/// </summary>
public static class ReplicaListenerAddress
{
    public const string MetadataKey = "dtaas.replica-port";

    /// <summary>The metadata this silo publishes.</summary>
    public static Dictionary<string, string> Metadata(int port) => new() { [MetadataKey] = port.ToString(CultureInfo.InvariantCulture) };

    /// <summary>The replica listener of the active silo named <paramref name="siloName"/>, or null while none is known.</summary>
    public static IPEndPoint? Find(IClusterMembershipService membership, ISiloMetadataCache metadata, string siloName)
    {
        foreach (var member in membership.CurrentSnapshot.Members.Values)
        {
            if (member.Name == siloName && member.Status == SiloStatus.Active
                && metadata.GetSiloMetadata(member.SiloAddress).Metadata.TryGetValue(MetadataKey, out var port)
                && int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is > 0 and <= 65535)
            {
                return new IPEndPoint(member.SiloAddress.Endpoint.Address, number);
            }
        }
        return null;
    }
}
