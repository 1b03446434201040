using System.Security.Cryptography;
using System.Text;
using Dtaas.Grains.Interfaces.Objects;

namespace Dtaas.Grains.Tests.Objects;

/// <summary>A node id for each node name of the tests (as the member list would resolve it), the same every run.</summary>
public static class TestNodeIds
{
    public static string Of(Principal principal) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(principal.Node)))[..32];
}
