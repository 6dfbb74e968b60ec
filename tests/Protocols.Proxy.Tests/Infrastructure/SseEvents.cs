using System.Net.ServerSentEvents;
using System.Text.Json;

namespace Protocols.Proxy.Tests.Infrastructure;

/// <summary>One event the proxy sent.</summary>
public sealed record ProxyEvent(string Name, JsonElement Data);

/// <summary>Reads the proxy's SSE responses (with the framework's own <see cref="SseParser"/>).</summary>
public static class SseEvents
{
    public static async Task<List<ProxyEvent>> ReadAllAsync(HttpResponseMessage response, CancellationToken cancellationToken = default)
    {
        var events = new List<ProxyEvent>();
        await foreach (var e in ReadAsync(response, cancellationToken))
        {
            events.Add(e);
        }

        return events;
    }

    public static async IAsyncEnumerable<ProxyEvent> ReadAsync(HttpResponseMessage response, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var parser = SseParser.Create(stream, (type, data) => JsonDocument.Parse(data.ToArray()).RootElement.Clone());
        await foreach (var item in parser.EnumerateAsync(cancellationToken))
        {
            yield return new ProxyEvent(item.EventType, item.Data);
        }
    }

    /// <summary>The concatenated text deltas.</summary>
    public static string Text(IEnumerable<ProxyEvent> events) => string.Concat(events
        .Where(e => e.Name == "content_block_delta" && e.Data.GetProperty("delta").GetProperty("type").GetString() == "text_delta")
        .Select(e => e.Data.GetProperty("delta").GetProperty("text").GetString()));

    public static IEnumerable<string> Names(IEnumerable<ProxyEvent> events) => events.Select(e => e.Name);
}
