using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Protocols.Anthropic;
using Protocols.Translation;

namespace Protocols.Client.Tests.Readme;

// The code of src/Protocols.Client/README.md: each region between "// snippet: name" and "// end snippet" must equal
// the README's block after "<!-- snippet: name -->" (ReadmeTests checks it), and ReadmeTests runs every method.
public static partial class ReadmeSnippets
{
    // snippet: quickstart
    public static async Task<string> AskAsync(string baseUrl, string apiKey)
    {
        // baseUrl: "https://api.openai.com/v1", "http://localhost:11434/v1" (Ollama), an Azure deployment URL …
        using var client = AnthropicCompatibleClient.CreateBuilder(baseUrl)
            .WithApiKey(apiKey)
            .MapModel("claude-*", "gpt-4o-mini")
            .Build();

        Message message = await client.CreateMessageAsync(new CreateMessageParams
        {
            Model = "claude-sonnet-4-5",
            MaxTokens = 1024,
            Messages = [InputMessages.User("Say hello in French.")],
        });
        return message.GetText();
    }
    // end snippet

    // snippet: streaming
    public static async Task<Message> StreamAsync(AnthropicCompatibleClient client)
    {
        var request = new CreateMessageParams
        {
            Model = "claude-sonnet-4-5",
            MaxTokens = 1024,
            Messages = [InputMessages.User("Write a haiku about the sea.")],
        };

        var accumulator = new MessageAccumulator();
        await foreach (IMessageStreamEvent e in client.StreamMessageAsync(request).AccumulateInto(accumulator))
        {
            if (e is ContentBlockDeltaEvent { Delta: TextContentBlockDelta text })
            {
                Console.Write(text.Text); // as it arrives
            }
        }

        return accumulator.ToMessage(); // text, thinking, and tool_use inputs parsed from their JSON fragments
    }
    // end snippet

    // snippet: tools
    public sealed record WeatherInput(string City);

    [JsonSerializable(typeof(WeatherInput))]
    public sealed partial class ReadmeJson : JsonSerializerContext;

    public static async Task<string> ToolsAsync(AnthropicCompatibleClient client)
    {
        var request = new CreateMessageParams
        {
            Model = "claude-sonnet-4-5",
            MaxTokens = 1024,
            Messages = [InputMessages.User("What's the weather in Paris?")],
            Tools = [AnthropicTools.FromType("get_weather", "Current weather for a city", ReadmeJson.Default.WeatherInput)],
            ToolChoice = ToolChoices.Auto(),
        };

        Message answer = await client.CreateMessageAsync(request);
        if (answer.StopReason == StopReason.ToolUse)
        {
            request.Messages.Add(answer.ToInputMessage());
            request.Messages.Add(InputMessages.User([.. answer.GetToolUses().Select(call =>
                InputMessages.ToolResultBlock(call.Id, $"Sunny in {call.GetInput(ReadmeJson.Default.WeatherInput)!.City}"))]));
            answer = await client.CreateMessageAsync(request);
        }

        return answer.GetText();
    }
    // end snippet

    // snippet: chat-client
    public static async Task<string> ChatAsync(string baseUrl, string apiKey)
    {
        using var client = AnthropicCompatibleClient.Create(baseUrl, apiKey);
        IChatClient chat = client.AsChatClient(defaultModelId: "gpt-4o-mini");

        ChatResponse response = await chat.GetResponseAsync("What is 2 + 2?");
        return response.Text;
    }
    // end snippet

    // snippet: dependency-injection
    public static ServiceProvider AddToServices(string baseUrl, string apiKey)
    {
        var services = new ServiceCollection();
        services.AddAnthropicCompatibleClient(options =>
        {
            options.BaseUrl = baseUrl;
            options.Credential = UpstreamCredential.Bearer(apiKey); // Azure: UpstreamCredential.Header("api-key", key)
            options.Translation.ModelMap.Add(new ModelMapRule { Match = "claude-*", Target = "gpt-4o-mini" });
            options.Retry.MaxRetries = 3;
        });
        return services.BuildServiceProvider(); // resolve AnthropicCompatibleClient or IChatClient
    }
    // end snippet

    // snippet: errors
    public static async Task<string> HandleErrorsAsync(AnthropicCompatibleClient client, CreateMessageParams request)
    {
        try
        {
            return (await client.CreateMessageAsync(request)).GetText();
        }
        catch (RateLimitedException e)
        {
            return $"rate limited, retry after {e.RetryAfter}";
        }
        catch (ApiErrorException e)
        {
            return $"{e.Status} {e.ErrorType}: {e.ErrorMessage} (request {e.RequestId}, {e.Attempts} attempts)";
        }
        catch (AnthropicClientException e)
        {
            return $"{e.ErrorType}: {e.Message}"; // timeout, transport failure, blocked address …
        }
    }
    // end snippet
}
