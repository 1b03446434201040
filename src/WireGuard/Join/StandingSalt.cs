using System.Security.Cryptography;

namespace Dtaas.WireGuard.Join;

/// <summary>
/// A standing query ("am I still in the domain?") is sealed exactly like a join request, with this fixed, public salt in
/// place of the invite secret: any node can ask (one that was removed may hold no valid token), only the creator can
/// open the question, and only the asker can open the answer, so nobody can forge "you were removed". The salt differs
/// from every invite secret's role, so a query never opens as a join request nor the other way round.
/// </summary>
public static class StandingSalt
{
    private static readonly byte[] Bytes = SHA256.HashData("dtaas standing query v1"u8);

    public static ReadOnlySpan<byte> Value => Bytes;
}
