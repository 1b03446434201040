using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Dtaas.Runtime;

public static class GrainEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the grain-call endpoint (<c>POST /grains/{interface}/{method}?key=</c>, <c>GET /grains</c>).
    /// <paramref name="allowRelay"/> lets callers reach other nodes through this silo (the client endpoint);
    /// <paramref name="authenticate"/> names the calling node or refuses the call (the federation listener: the
    /// member owning the overlay source address). Grains read the result from <see cref="GrainCallContext"/>.
    /// </summary>
    public static IEndpointRouteBuilder MapGrainCalls(this IEndpointRouteBuilder endpoints, bool allowRelay = false,
        Func<HttpContext, GrainCaller?>? authenticate = null)
    {
        var endpoint = endpoints.ServiceProvider.GetRequiredService<GrainCallEndpoint>();
        endpoints.MapGet("/grains", context => endpoint.HandleInfoAsync(context, authenticate));
        endpoints.MapPost("/grains/{interface}/{method}", context => endpoint.HandleCallAsync(context, allowRelay, authenticate));
        return endpoints;
    }
}
