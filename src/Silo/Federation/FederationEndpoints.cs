using System.Threading.RateLimiting;
using Dtaas.Grains.Ports;
using Orleans;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dtaas.Silo.Federation;

/// <summary>
/// The gateway's public federation doors: joining a domain, and a member asking whether it is still in one. Each
/// request costs an X25519 agreement, and anyone can knock, so each source address gets a token bucket: a burst of
/// <see cref="Burst"/>, then <see cref="PerSecond"/> a second — far above real use (a join is one request, a member
/// away asks once every 10 s), far below a flood. Beyond it: 429 with Retry-After, which joiners retry.
/// </summary>
public static class FederationEndpoints
{
    public const int Burst = 100;
    public const int PerSecond = 20;
    private const string Policy = "federation";

    public static IServiceCollection AddFederationRateLimit(this IServiceCollection services) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Policy, context => RateLimitPartition.GetTokenBucketLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = Burst,
                    TokensPerPeriod = PerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                }));
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                rejected.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                rejected.HttpContext.Response.Headers.RetryAfter = "1";
                await rejected.HttpContext.Response.WriteAsync("too many federation requests from this address; try again in a second\n", cancellationToken);
            };
        });

    /// <summary>Maps both doors behind the rate limit (<see cref="AddFederationRateLimit"/> must be in the listener's services).</summary>
    public static void MapFederation(this WebApplication app, IGrainFactory grains, ILocalObjects objects, IJoinOpener opener, ILoggerFactory loggers)
    {
        app.UseRateLimiter();
        app.MapJoin(grains, objects, loggers.CreateLogger(typeof(JoinEndpoint).FullName!)).RequireRateLimiting(Policy);
        app.MapStanding(grains, objects, opener, loggers.CreateLogger(typeof(StandingEndpoint).FullName!)).RequireRateLimiting(Policy);
    }
}
