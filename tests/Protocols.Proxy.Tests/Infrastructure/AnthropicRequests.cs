namespace Protocols.Proxy.Tests.Infrastructure;

/// <summary>Anthropic request bodies.</summary>
public static class AnthropicRequests
{
    public static string Simple(string text = "Hi", bool stream = false, string model = "claude-sonnet-4-5") =>
        $$$"""{"model":"{{{model}}}","max_tokens":256,"stream":{{{(stream ? "true" : "false")}}},"messages":[{"role":"user","content":{{{System.Text.Json.JsonSerializer.Serialize(text)}}}}]}""";

    public static string WithTools(bool stream = false) =>
        $$$"""
        {"model":"claude-sonnet-4-5","max_tokens":512,"stream":{{{(stream ? "true" : "false")}}},
         "tools":[
           {"name":"get_weather","description":"Weather for a city","input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}},
           {"name":"get_time","description":"Time in a city","input_schema":{"type":"object","properties":{"city":{"type":"string"} } } }],
         "messages":[{"role":"user","content":"Weather and time in Paris?"}]}
        """;

    public static string WithThinking(bool stream = false) =>
        $$$"""{"model":"claude-sonnet-4-5","max_tokens":20000,"stream":{{{(stream ? "true" : "false")}}},"thinking":{"type":"enabled","budget_tokens":8000},"messages":[{"role":"user","content":"Think, then answer: 2+2?"}]}""";

    public const string TinyPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

    public static string WithImage(bool stream = false) =>
        $$$"""{"model":"claude-sonnet-4-5","max_tokens":256,"stream":{{{(stream ? "true" : "false")}}},"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/png","data":"{{{TinyPng}}}"}},{"type":"text","text":"What is this?"}]}]}""";

    public static string CountTokens() =>
        """{"model":"claude-sonnet-4-5","system":"You are terse.","tools":[{"name":"t","description":"d","input_schema":{"type":"object"}}],"messages":[{"role":"user","content":"Hello there, how many tokens is this?"}]}""";
}
