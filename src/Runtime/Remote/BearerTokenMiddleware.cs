using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Dtaas.Runtime;

/// <summary>Admits only requests that carry <c>Authorization: Bearer &lt;token&gt;</c>; others get 401 with a reason.</summary>
public sealed class BearerTokenMiddleware(RequestDelegate next, string token)
{
    private readonly byte[] _expected = Encoding.UTF8.GetBytes(token);

    public Task InvokeAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var reason = header switch
        {
            "" => "no bearer token was sent",
            _ when !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) => "the Authorization header is not a bearer token",
            _ when !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[7..].Trim()), _expected) => "the bearer token is wrong",
            _ => null,
        };
        if (reason is null)
        {
            return next(context);
        }
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return context.Response.WriteAsJsonAsync(
            new GrainCallError(typeof(UnauthorizedAccessException).FullName!, $"The silo refused the client: {reason}. Use the token the silo printed at start-up."),
            RuntimeJsonContext.Default.GrainCallError);
    }
}
