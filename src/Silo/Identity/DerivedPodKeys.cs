using System.Security.Cryptography;
using System.Text;
using Dtaas.Grains.Ports;
using Dtaas.WireGuard.Devices;
using Dtaas.WireGuard.Keys;

namespace Dtaas.Silo.Identity;

/// <summary>
/// The silo's <see cref="IPodKeys"/>: a pod interface's key is HKDF-SHA256 of the node's static private key with the
/// network as context (clamped as <c>wg genkey</c> clamps), so it is the same after any restart and distinct per
/// network and node, and a leaked pod key reveals nothing about the node's key or the other networks'.
/// </summary>
public sealed class DerivedPodKeys(NodeIdentity node) : IPodKeys
{
    private static readonly byte[] Salt = Encoding.UTF8.GetBytes("dtaas dtService pod key v1");

    public PodIdentity For(Guid domainUid, string network)
    {
        var scope = $"{domainUid}/{network}";
        var scalar = HKDF.DeriveKey(HashAlgorithmName.SHA256, node.Keys.PrivateKey.AsSpan().ToArray(), WireGuardKey.Length, Salt, Encoding.UTF8.GetBytes(scope));
        scalar[0] &= 248;
        scalar[31] = (byte)((scalar[31] & 127) | 64);
        var key = WireGuardPrivateKey.FromBytes(scalar);
        CryptographicOperations.ZeroMemory(scalar);
        return new PodIdentity(InterfaceNames.Derive(scope, node.Id), key.ToBase64(), key.PublicKey.ToBase64());
    }
}
