using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Protocols.Proxy.Observability;
using Protocols.Proxy.Tests.Infrastructure;
using Xunit;

namespace Protocols.Proxy.Tests.Endpoints;

public sealed class EndpointsTests : ProxyTest
{
    protected override IDictionary<string, string?>? Environment => new Dictionary<string, string?>
    {
        ["MODEL_ALIASES"] = "claude-sonnet-4-5",
        ["MODEL_MAP"] = "claude-3-5-haiku-latest=gpt-4o-mini,claude-opus-*=gpt-4o",
    };

    [Fact]
    public async Task Health_IsOk()
    {
        using var response = await Proxy.Http.GetAsync("/health");
        var body = await JsonAsync(response);
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Equal("openai", body.GetProperty("backend").GetString());
        Assert.Equal(Upstream.BaseUrl, body.GetProperty("upstream").GetString());
    }

    [Fact]
    public async Task UnknownRoute_Is404_AndWrongMethod_Is405_BothAnthropicShaped()
    {
        using var notFound = await Proxy.Http.GetAsync("/v1/nothing-here");
        Assert.Equal("not_found_error", await AnthropicError.TypeAsync(notFound, HttpStatusCode.NotFound));

        using var wrongMethod = await Proxy.Http.GetAsync("/v1/messages");
        Assert.Equal("invalid_request_error", await AnthropicError.TypeAsync(wrongMethod, HttpStatusCode.MethodNotAllowed));
    }

    [Fact]
    public async Task C76_CountTokens_CountsLocally_AndIsNotForwarded()
    {
        using var response = await Proxy.Http.PostAsync("/v1/messages/count_tokens?beta=true", new StringContent(AnthropicRequests.CountTokens(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tokens = (await JsonAsync(response)).GetProperty("input_tokens").GetInt64();
        // The estimate includes the tool-use overhead Anthropic adds for requests with tools.
        Assert.InRange(tokens, 10, 1000);
        Assert.Empty(Upstream.Requests);

        using var bad = await Proxy.Http.PostAsync("/v1/messages/count_tokens", new StringContent("""{"messages":[]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task C77_Models_ListsAliasesThenUpstream_InAnthropicShape()
    {
        using var response = await Proxy.Http.GetAsync("/v1/models");
        var body = await JsonAsync(response);
        var ids = body.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()).ToList();
        Assert.Equal(["claude-sonnet-4-5", "claude-3-5-haiku-latest", "gpt-4o", "gpt-4o-mini"], ids);
        var first = body.GetProperty("data")[0];
        Assert.Equal("model", first.GetProperty("type").GetString());
        Assert.Equal("claude-sonnet-4-5", first.GetProperty("display_name").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT", body.GetProperty("data")[2].GetProperty("created_at").GetString());
        Assert.False(body.GetProperty("has_more").GetBoolean());
        Assert.Equal("claude-sonnet-4-5", body.GetProperty("first_id").GetString());
        Assert.Equal("gpt-4o-mini", body.GetProperty("last_id").GetString());
        Assert.Equal("Bearer sk-upstream-secret-0123456789", Upstream.Requests.Single().Headers["authorization"]);
    }

    [Fact]
    public async Task Models_Pages_WithLimitAndAfterId()
    {
        var page = await JsonAsync(await Proxy.Http.GetAsync("/v1/models?limit=2"));
        Assert.Equal(2, page.GetProperty("data").GetArrayLength());
        Assert.True(page.GetProperty("has_more").GetBoolean());
        var next = await JsonAsync(await Proxy.Http.GetAsync("/v1/models?limit=2&after_id=" + page.GetProperty("last_id").GetString()));
        Assert.Equal(["gpt-4o", "gpt-4o-mini"], next.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.False(next.GetProperty("has_more").GetBoolean());
    }

    [Fact]
    public async Task ModelById_FindsListedAndMappedModels_Else404()
    {
        using var listed = await Proxy.Http.GetAsync("/v1/models/gpt-4o");
        Assert.Equal("gpt-4o", (await JsonAsync(listed)).GetProperty("id").GetString());
        using var mapped = await Proxy.Http.GetAsync("/v1/models/claude-opus-4-1");
        Assert.Equal(HttpStatusCode.OK, mapped.StatusCode);
        using var missing = await Proxy.Http.GetAsync("/v1/models/nope");
        Assert.Equal("not_found_error", await AnthropicError.TypeAsync(missing, HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task Models_UpstreamWithoutList_StillServesAliases()
    {
        Upstream.Models = Script.Json(404, OpenAIPayloads.Error("no such route"));
        var body = await JsonAsync(await Proxy.Http.GetAsync("/v1/models"));
        Assert.Equal(["claude-sonnet-4-5", "claude-3-5-haiku-latest"], body.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Metrics_ArePrometheusText_WithRequestsLatencyTokensStreamsAndUpstreamErrors()
    {
        Upstream.Chat = Script.Json(200, OpenAIPayloads.TextCompletion("ok", prompt: 30, completion: 7));
        (await Proxy.Http.PostAsync("/v1/messages", new StringContent(AnthropicRequests.Simple(), Encoding.UTF8, "application/json"))).Dispose();
        Upstream.Chat = Script.Json(500, OpenAIPayloads.Error("down"));
        (await Proxy.Http.PostAsync("/v1/messages", new StringContent(AnthropicRequests.Simple(), Encoding.UTF8, "application/json"))).Dispose();

        using var response = await Proxy.Http.GetAsync("/metrics");
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.ToString());
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE protocols_proxy_requests_total counter", text);
        Assert.Contains("protocols_proxy_requests_total{route=\"/v1/messages\",status=\"200\",model=\"claude-sonnet-4-5\"} 1", text);
        Assert.Contains("protocols_proxy_requests_total{route=\"/v1/messages\",status=\"500\",model=\"claude-sonnet-4-5\"} 1", text);
        Assert.Contains("# TYPE protocols_proxy_request_duration_seconds histogram", text);
        Assert.Contains("protocols_proxy_request_duration_seconds_bucket{route=\"/v1/messages\",le=\"+Inf\"} 2", text);
        Assert.Contains("protocols_proxy_request_duration_seconds_count{route=\"/v1/messages\"} 2", text);
        Assert.Contains("protocols_proxy_tokens_total{direction=\"input\",model=\"claude-sonnet-4-5\"} 30", text);
        Assert.Contains("protocols_proxy_tokens_total{direction=\"output\",model=\"claude-sonnet-4-5\"} 7", text);
        Assert.Contains("# TYPE protocols_proxy_active_streams gauge", text);
        Assert.Contains("protocols_proxy_upstream_errors_total{status=\"500\"} 1", text);
    }

    [Fact]
    public async Task Metrics_ShowTheTranslationCache_AsAClientResendsItsToolsSystemAndEarlierMessages()
    {
        // Two turns of a conversation, as Claude Code sends them: the same tools and system prompt, every earlier message again.
        var longText = string.Concat(Enumerable.Repeat("Context the user pasted earlier. ", 20));
        const string Head = """{"model":"claude-sonnet-4-5","max_tokens":50,"system":"You are terse.","tools":[{"name":"get_weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}}}}],"messages":[""";
        string Body(params string[] messages) => Head + string.Join(",", messages) + "]}";
        var first = $$"""{"role":"user","content":"{{longText}}"}""";
        (await Proxy.Http.PostAsync("/v1/messages", new StringContent(Body(first), Encoding.UTF8, "application/json"))).Dispose();
        (await Proxy.Http.PostAsync("/v1/messages", new StringContent(Body(first, """{"role":"assistant","content":"Noted."}""", """{"role":"user","content":"and now?"}"""), Encoding.UTF8, "application/json"))).Dispose();

        var text = await Proxy.Http.GetStringAsync("/metrics");
        Assert.Contains("# TYPE protocols_proxy_translation_cache_hits_total counter", text);
        Assert.Contains("protocols_proxy_translation_cache_hits_total{part=\"tools\"} 1", text);
        Assert.Contains("protocols_proxy_translation_cache_hits_total{part=\"system\"} 1", text);
        Assert.Contains("protocols_proxy_translation_cache_hits_total{part=\"messages\"} 1", text);
        Assert.Contains("protocols_proxy_translation_cache_misses_total{part=\"tools\"} 1", text);
        Assert.Contains("protocols_proxy_translation_cache_entries{part=\"messages\"} 1", text);
        Assert.Matches(@"protocols_proxy_translation_cache_message_bytes [1-9]\d+\n", text);
    }

    [Fact]
    public async Task Metrics_ShowTheProcessAndRuntime_MemoryCpuGcAndThreadPool()
    {
        (await Proxy.Http.PostAsync("/v1/messages/count_tokens", new StringContent(AnthropicRequests.Simple(), Encoding.UTF8, "application/json"))).Dispose();
        var text = await Proxy.Http.GetStringAsync("/metrics");

        // Each family once, with its TYPE; the values are the serving process's own, so checked for plausibility, not exactly.
        foreach (var (name, type) in new[]
        {
            ("process_resident_memory_bytes", "gauge"), ("process_cpu_seconds_total", "counter"), ("process_start_time_seconds", "gauge"),
            ("dotnet_gc_heap_bytes", "gauge"), ("dotnet_gc_committed_bytes", "gauge"), ("dotnet_gc_allocated_bytes_total", "counter"),
            ("dotnet_gc_collections_total", "counter"), ("dotnet_threadpool_threads", "gauge"), ("dotnet_threadpool_queue_length", "gauge"),
        })
        {
            Assert.Single(Regex.Matches(text, $"^# TYPE {name} {type}$", RegexOptions.Multiline));
        }

        var rss = double.Parse(Regex.Match(text, @"^process_resident_memory_bytes (\S+)$", RegexOptions.Multiline).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(rss, 10e6, 4e9);
        var cpu = double.Parse(Regex.Match(text, @"^process_cpu_seconds_total (\S+)$", RegexOptions.Multiline).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(cpu > 0, $"cpu {cpu}");
        var started = double.Parse(Regex.Match(text, @"^process_start_time_seconds (\S+)$", RegexOptions.Multiline).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(started, DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        Assert.Matches(@"(?m)^dotnet_gc_allocated_bytes_total [1-9]\d{5,}$", text);
        Assert.Matches(@"(?m)^dotnet_gc_heap_bytes [1-9]\d+$", text);
        Assert.Matches(@"(?m)^dotnet_gc_collections_total\{generation=""0""\} \d+$", text);
        Assert.Matches(@"(?m)^dotnet_gc_collections_total\{generation=""2""\} \d+$", text);
        Assert.Matches(@"(?m)^dotnet_threadpool_threads [1-9]\d*$", text);
    }

    [Fact]
    public async Task Metrics_ModelLabel_KeepsTheFirst100Models_ThenCountsTheRestAsOther()
    {
        // The model label is whatever the client asks for: without a cap every new name is a new series forever.
        for (var i = 0; i < 105; i++)
        {
            var body = $$"""{"model":"made-up-{{i:D3}}","messages":[{"role":"user","content":"hi"}]}""";
            using var response = await Proxy.Http.PostAsync("/v1/messages/count_tokens", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var again = """{"model":"made-up-000","messages":[{"role":"user","content":"hi"}]}""";
        (await Proxy.Http.PostAsync("/v1/messages/count_tokens", new StringContent(again, Encoding.UTF8, "application/json"))).Dispose();

        var text = await Proxy.Http.GetStringAsync("/metrics");
        var requests = text.Split('\n').Where(l => l.StartsWith("protocols_proxy_requests_total{route=\"/v1/messages/count_tokens\"", StringComparison.Ordinal)).ToList();
        Assert.Equal(101, requests.Count);
        Assert.Contains("protocols_proxy_requests_total{route=\"/v1/messages/count_tokens\",status=\"200\",model=\"made-up-000\"} 2", requests);
        Assert.Contains("protocols_proxy_requests_total{route=\"/v1/messages/count_tokens\",status=\"200\",model=\"made-up-099\"} 1", requests);
        Assert.Contains("protocols_proxy_requests_total{route=\"/v1/messages/count_tokens\",status=\"200\",model=\"other\"} 5", requests);
        Assert.DoesNotContain("made-up-100", text);
        Assert.Contains("protocols_proxy_tokens_total{direction=\"input\",model=\"other\"}", text);

        // A model counted before keeps its own label; a new one is "other" from now on.
        Assert.Equal("made-up-042", Proxy.App.Services.GetRequiredService<ProxyMetrics>().ModelLabel("made-up-042"));
        Assert.Equal("other", Proxy.App.Services.GetRequiredService<ProxyMetrics>().ModelLabel("brand-new"));
    }

    [Fact]
    public async Task HeadHealth_IsOk()
    {
        // Uptime checkers and load balancers probe with HEAD; it was a 405.
        using var response = await Proxy.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/health"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/v1/models/openai%2Fgpt-4o")]
    [InlineData("/v1/models/openai/gpt-4o")]
    public async Task ModelById_WithASlashInTheId_IsFound(string path)
    {
        // OpenRouter's ids have a '/': the one-segment route answered 404 for both spellings.
        Upstream.Models = Script.Json(200, """{"object":"list","data":[{"id":"openai/gpt-4o","object":"model","created":1715367049,"owned_by":"openai"}]}""");
        using var response = await Proxy.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("openai/gpt-4o", (await JsonAsync(response)).GetProperty("id").GetString());
    }
}
