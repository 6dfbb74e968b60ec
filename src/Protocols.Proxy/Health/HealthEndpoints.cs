using System.Text.Json;
using Protocols.Proxy.Configuration;
using Protocols.Proxy.Observability;
using Protocols.Proxy.Upstream;

namespace Protocols.Proxy.Health;

/// <summary><c>GET</c>/<c>HEAD /health</c> (liveness, never authenticated) and <c>GET /metrics</c> (Prometheus text).</summary>
internal static class HealthEndpoints
{
    /// <summary>Maps both endpoints.</summary>
    /// <param name="endpoints">The route builder.</param>
    public static void MapHealthAndMetrics(this IEndpointRouteBuilder endpoints)
    {
        // HEAD too: uptime checkers and load balancers probe with it (Kestrel sends the headers without the body).
        endpoints.MapMethods("/health", ["GET", "HEAD"], (RequestDelegate)WriteHealthAsync);
        endpoints.MapGet("/metrics", (RequestDelegate)(context =>
        {
            var exporter = context.RequestServices.GetRequiredService<PrometheusExporter>();
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            return context.Response.WriteAsync(exporter.Render(), context.RequestAborted);
        }));
    }

    private static async Task WriteHealthAsync(HttpContext context)
    {
        var settings = context.RequestServices.GetRequiredService<ProxySettings>();
        var upstream = context.RequestServices.GetRequiredService<UpstreamClient>();
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteString("status", "ok");
        writer.WriteString("version", ProxyApp.Version);
        writer.WriteString("backend", settings.Backend == BackendKind.Anthropic ? "anthropic" : "openai");
        writer.WriteString("upstream", settings.IsDemo ? "demo" : UpstreamClient.Describe(upstream.Endpoint.BaseUrl));
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }
}
