using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Dtaas.ApiServer;

/// <summary>
/// Every API request must carry the node's bearer token; /version and the health probes stay open,
/// as kube-apiserver allows them to anonymous users (kubectl wrappers probe /version).
/// </summary>
internal sealed class BearerTokenAuthentication(string token)
{
    private static readonly HashSet<string> PublicPaths = ["/version", "/healthz", "/livez", "/readyz"];
    private readonly byte[] _expected = Encoding.UTF8.GetBytes("Bearer " + token);

    public bool IsAllowed(HttpContext context)
    {
        if (PublicPaths.Contains(context.Request.Path.Value?.TrimEnd('/') ?? ""))
        {
            return true;
        }
        var header = context.Request.Headers.Authorization.ToString();
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header), _expected);
    }
}
