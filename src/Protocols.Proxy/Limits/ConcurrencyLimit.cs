using System.Threading.RateLimiting;
using Protocols.Proxy.Configuration;
using Protocols.Proxy.Errors;

namespace Protocols.Proxy.Limits;

/// <summary>
/// At most <see cref="ProxySettings.MaxConcurrentRequests"/> API requests at once (one
/// System.Threading.RateLimiting <see cref="ConcurrencyLimiter"/>, no queue): the next one gets an
/// Anthropic 429 <c>rate_limit_error</c> with <c>retry-after: 1</c> at once, which SDKs retry.
/// <c>/health</c> and <c>/metrics</c> are never limited.
/// </summary>
/// <remarks>
/// One limiter acquired directly, not ASP.NET Core's rate-limiting middleware over a partitioned limiter:
/// with a single partition the partition lookup (a lock and a dictionary per request) buys nothing.
/// </remarks>
internal sealed class ConcurrencyLimit : IDisposable
{
    private readonly ConcurrencyLimiter? _limiter;
    private readonly string _refusal;

    /// <summary>Creates the limit (none when <see cref="ProxySettings.MaxConcurrentRequests"/> is 0).</summary>
    /// <param name="settings">The settings.</param>
    public ConcurrencyLimit(ProxySettings settings)
    {
        _refusal = $"the proxy is serving its limit of {settings.MaxConcurrentRequests} concurrent requests (MAX_CONCURRENT_REQUESTS); retry shortly";
        if (settings.MaxConcurrentRequests > 0)
        {
            _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = settings.MaxConcurrentRequests, QueueLimit = 0 });
        }
    }

    /// <summary>The middleware: takes a permit for the rest of the pipeline, or answers 429.</summary>
    /// <param name="context">The HTTP context.</param>
    /// <param name="next">The rest of the pipeline.</param>
    /// <returns>A task.</returns>
    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (_limiter is null || !context.Request.Path.StartsWithSegments("/v1"))
        {
            return next(context);
        }

        var lease = _limiter.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            context.Response.Headers.RetryAfter = "1";
            return AnthropicErrors.WriteAsync(context, 429, "rate_limit_error", _refusal);
        }

        return RunAsync(context, next, lease);
    }

    /// <inheritdoc/>
    public void Dispose() => _limiter?.Dispose();

    private static async Task RunAsync(HttpContext context, RequestDelegate next, RateLimitLease lease)
    {
        using (lease)
        {
            await next(context);
        }
    }
}

/// <summary>Registration of <see cref="ConcurrencyLimit"/>.</summary>
internal static class ConcurrencyLimitExtensions
{
    /// <summary>Registers the limiter.</summary>
    /// <param name="services">The services.</param>
    public static void AddProxyConcurrencyLimit(this IServiceCollection services) => services.AddSingleton<ConcurrencyLimit>();

    /// <summary>Adds the limiter to the pipeline.</summary>
    /// <param name="app">The application.</param>
    public static void UseProxyConcurrencyLimit(this WebApplication app)
    {
        var limit = app.Services.GetRequiredService<ConcurrencyLimit>();
        app.Use(limit.InvokeAsync);
    }
}
