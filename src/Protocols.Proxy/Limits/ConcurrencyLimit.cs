using System.Threading.RateLimiting;
using Protocols.Proxy.Configuration;
using Protocols.Proxy.Errors;

namespace Protocols.Proxy.Limits;

/// <summary>
/// At most <see cref="ProxySettings.MaxConcurrentRequests"/> API requests at once (a
/// System.Threading.RateLimiting <see cref="ConcurrencyLimiter"/>, no queue): the next one gets an
/// Anthropic 429 <c>rate_limit_error</c> with <c>retry-after: 1</c> at once, which SDKs retry.
/// <c>/health</c> and <c>/metrics</c> are never limited.
/// </summary>
internal static class ConcurrencyLimit
{
    /// <summary>Registers the limiter.</summary>
    /// <param name="services">The services.</param>
    /// <param name="settings">The settings.</param>
    public static void AddProxyConcurrencyLimit(this IServiceCollection services, ProxySettings settings)
    {
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                settings.MaxConcurrentRequests == 0 || !context.Request.Path.StartsWithSegments("/v1")
                    ? RateLimitPartition.GetNoLimiter("unlimited")
                    : RateLimitPartition.GetConcurrencyLimiter("api", _ => new ConcurrencyLimiterOptions
                    {
                        PermitLimit = settings.MaxConcurrentRequests,
                        QueueLimit = 0,
                    }));
            options.OnRejected = (rejected, _) =>
            {
                rejected.HttpContext.Response.Headers.RetryAfter = "1";
                return new ValueTask(AnthropicErrors.WriteAsync(rejected.HttpContext, 429, "rate_limit_error",
                    $"the proxy is serving its limit of {settings.MaxConcurrentRequests} concurrent requests (MAX_CONCURRENT_REQUESTS); retry shortly"));
            };
        });
    }

    /// <summary>Adds the limiter to the pipeline.</summary>
    /// <param name="app">The application.</param>
    public static void UseProxyConcurrencyLimit(this IApplicationBuilder app) => app.UseRateLimiter();
}
