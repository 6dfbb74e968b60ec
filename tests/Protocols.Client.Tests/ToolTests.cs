using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using Protocols.Anthropic;
using Protocols.Core;

namespace Protocols.Client.Tests;

[Description("Where to look up the weather.")]
public sealed class WeatherQuery
{
    [Description("The city name.")]
    public required string City { get; init; }

    public TemperatureUnit? Unit { get; init; }

    public int Days { get; init; } = 1;
}

[JsonConverter(typeof(JsonStringEnumConverter<TemperatureUnit>))]
public enum TemperatureUnit
{
    Celsius,
    Fahrenheit,
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(WeatherQuery))]
public sealed partial class ToolJsonContext : JsonSerializerContext;

public class ToolTests
{
    [Fact]
    public void A_schema_from_a_source_generated_type()
    {
        var tool = AnthropicTools.FromType("get_weather", "Current weather", ToolJsonContext.Default.WeatherQuery);
        var json = JsonDocument.Parse(JsonModel.ToUtf8(tool)).RootElement;

        Assert.Equal("get_weather", json.GetProperty("name").GetString());
        var schema = json.GetProperty("input_schema");
        Assert.Equal("object", schema.GetProperty("type").GetString());
        Assert.Equal("Where to look up the weather.", schema.GetProperty("description").GetString());
        var properties = schema.GetProperty("properties");
        Assert.Equal("string", properties.GetProperty("city").GetProperty("type").GetString());
        Assert.Equal("The city name.", properties.GetProperty("city").GetProperty("description").GetString());
        Assert.Contains("Fahrenheit", properties.GetProperty("unit").ToString(), StringComparison.Ordinal);
        Assert.Equal("integer", properties.GetProperty("days").GetProperty("type").GetString());
        Assert.Equal(["city"], schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void A_schema_through_reflection()
    {
        var schema = ToolSchemas.For<WeatherQuery>(new JsonSerializerOptions(JsonSerializerDefaults.Web));
        Assert.Equal(["city"], schema.Required);
        Assert.True(schema.Properties!.Value.TryGetProperty("days", out _));
        var tool = AnthropicTools.FromType<WeatherQuery>("w", null);
        Assert.True(tool.InputSchema.Properties!.Value.TryGetProperty("City", out _));
    }

    [Fact]
    public void A_schema_from_json_keeps_extra_members_and_refuses_non_objects()
    {
        var schema = ToolSchemas.FromJson(JsonDocument.Parse("""{"type":"object","properties":{"q":{"type":"string"}},"required":["q"],"additionalProperties":false,"$defs":{}}""").RootElement);
        var json = JsonModel.ToJsonString(schema);
        Assert.Contains("\"additionalProperties\":false", json, StringComparison.Ordinal);
        Assert.Contains("\"$defs\":{}", json, StringComparison.Ordinal);

        Assert.Throws<ArgumentException>(() => ToolSchemas.FromJson(JsonDocument.Parse("""{"type":"string"}""").RootElement));
        Assert.Throws<ArgumentException>(() => ToolSchemas.FromJson(JsonDocument.Parse("[]").RootElement));
    }

    [Fact]
    public void Tool_choices_serialize_as_the_api_expects()
    {
        Assert.Equal("""{"type":"auto"}""", JsonModel.ToJsonString(ToolChoices.Auto()));
        Assert.Equal("""{"disable_parallel_tool_use":true,"type":"auto"}""", Normalize(ToolChoices.Auto(disableParallelToolUse: true)));
        Assert.Equal("""{"type":"any"}""", JsonModel.ToJsonString(ToolChoices.Any()));
        Assert.Equal("""{"name":"get_weather","type":"tool"}""", Normalize(ToolChoices.Tool("get_weather")));
        Assert.Equal("""{"type":"none"}""", JsonModel.ToJsonString(ToolChoices.None()));
    }

    [Fact]
    public async Task Tools_and_choice_reach_the_backend_and_inputs_read_back_typed()
    {
        await using var upstream = await FakeUpstream.StartAsync((r, c) =>
            OpenAI.WriteJsonAsync(c, OpenAI.ToolCallCompletion(("call_9", "get_weather", """{"city":"Lima","unit":"Celsius","days":3}"""))));
        using var client = new AnthropicCompatibleClient(Requests.Options(upstream));
        var request = Requests.Hello("Weather in Lima?");
        request.Tools = [AnthropicTools.FromType("get_weather", "Current weather", ToolJsonContext.Default.WeatherQuery)];
        request.ToolChoice = ToolChoices.Tool("get_weather");

        var message = await client.CreateMessageAsync(request);

        var body = JsonDocument.Parse(upstream.Requests[0].Body).RootElement;
        Assert.Equal("get_weather", body.GetProperty("tool_choice").GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("The city name.", body.GetProperty("tools")[0].GetProperty("function").GetProperty("parameters").GetProperty("properties").GetProperty("city").GetProperty("description").GetString());
        var call = Assert.Single(message.GetToolUses());
        var input = call.GetInput(ToolJsonContext.Default.WeatherQuery)!;
        Assert.Equal(("Lima", TemperatureUnit.Celsius, 3), (input.City, input.Unit, input.Days));
        Assert.Equal(StopReason.ToolUse, message.StopReason);
    }

    private static string Normalize(IJsonWritable value)
    {
        var element = JsonDocument.Parse(JsonModel.ToUtf8(value)).RootElement;
        var members = element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => $"\"{p.Name}\":{p.Value.GetRawText()}");
        return "{" + string.Join(",", members) + "}";
    }
}
