using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Dtaas.Runtime;

public static class GrainEndpointRouteBuilderExtensions
{
    /// <summary>Maps the grain-call endpoint (<c>POST /grains/{interface}/{method}?key=</c>, <c>GET /grains</c>).</summary>
    public static IEndpointRouteBuilder MapGrainCalls(this IEndpointRouteBuilder endpoints, GrainCallEndpoint? endpoint = null)
    {
        endpoint ??= endpoints.ServiceProvider.GetRequiredService<GrainCallEndpoint>();
        endpoints.MapGet("/grains", endpoint.HandleInfoAsync);
        endpoints.MapPost("/grains/{interface}/{method}", endpoint.HandleCallAsync);
        return endpoints;
    }
}
