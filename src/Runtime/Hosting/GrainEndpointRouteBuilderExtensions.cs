using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Dtaas.Runtime;

public static class GrainEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the grain-call endpoint (<c>POST /grains/{interface}/{method}?key=</c>, <c>GET /grains</c>).
    /// <paramref name="allowRelay"/> lets callers reach other nodes through this silo (the client endpoint).
    /// </summary>
    public static IEndpointRouteBuilder MapGrainCalls(this IEndpointRouteBuilder endpoints, bool allowRelay = false)
    {
        var endpoint = endpoints.ServiceProvider.GetRequiredService<GrainCallEndpoint>();
        endpoints.MapGet("/grains", endpoint.HandleInfoAsync);
        endpoints.MapPost("/grains/{interface}/{method}", allowRelay ? endpoint.HandleCallOrRelayAsync : endpoint.HandleCallAsync);
        return endpoints;
    }
}
