using System.Text;
using Xunit;

namespace Protocols.Translation.Tests.Request;

/// <summary>C74: a malformed client request is a 400 <c>invalid_request_error</c> naming the field path.</summary>
public sealed class RequestReaderTests
{
    public static TheoryData<string, string> Malformed => new()
    {
        { "", "request body: " },
        { "{", "request body: " },
        { "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[}", "messages: " },
        { "[]", "request body: expected object" },
        { "{\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", "model: required member is missing" },
        { "{\"model\":\"m\",\"max_tokens\":10}", "messages: required member is missing" },
        { "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", "max_tokens: required member is missing" },
        { "{\"model\":\"m\",\"max_tokens\":\"ten\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", "max_tokens: expected integer" },
        { "{\"model\":7,\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", "model: " },
        { "{\"model\":\"m\",\"max_tokens\":10,\"messages\":\"Hi\"}", "messages: expected array" },
        { "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\"}]}", "messages[0].content: required member is missing" },
        { "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":5}]}]}", "messages[0].content[0].text: expected string" },
        { "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":5}]}", "messages[0].content: " },
        { "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"temperature\":\"hot\"}", "temperature: expected number" },
        { "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"tools\":[{\"name\":\"a\"}]}", "tools[0].input_schema: required member is missing" },
        { "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[]}", "messages: at least one message is required" },
        { "{\"model\":\"m\",\"max_tokens\":0,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", "max_tokens: must be at least 1" },
        { "{\"model\":\"\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", "model: must not be empty" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void C74_MalformedRequest_Is400NamingTheFieldPath(string body, string expectedStart)
    {
        var error = Assert.Throws<TranslationException>(() => AnthropicRequestReader.Parse(Encoding.UTF8.GetBytes(body)));
        Assert.Equal(400, error.Status);
        Assert.Equal("invalid_request_error", error.ErrorType);
        Assert.StartsWith(expectedStart, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void C74_CountTokensRequest_NeedsNoMaxTokens_ButNamesOtherFields()
    {
        var request = AnthropicRequestReader.ParseCountTokens("""{"model":"m","messages":[{"role":"user","content":"Hi"}]}"""u8);
        Assert.Single(request.Messages);

        var error = Assert.Throws<TranslationException>(() => AnthropicRequestReader.ParseCountTokens("""{"model":"m"}"""u8));
        Assert.Equal(400, error.Status);
        Assert.StartsWith("messages: required member is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void C74_NonTextSystemBlock_SkippedNotRefused_OtherErrorsStillNamed()
    {
        var request = AnthropicRequestReader.Parse("""
            {"model":"m","max_tokens":10,"system":[{"type":"text","text":"A"},{"type":"document","source":{"type":"text","data":"x"}}],"messages":[{"role":"user","content":"Hi"}]}
            """u8);
        Assert.Equal("A", Assert.Single(request.System!.AsArray!).Text);

        var error = Assert.Throws<TranslationException>(() => AnthropicRequestReader.Parse("""
            {"model":"m","max_tokens":10,"system":[{"type":"image"}],"messages":[{"role":"user","content":7}]}
            """u8));
        Assert.StartsWith("messages[0].content: ", error.Message, StringComparison.Ordinal);

        // A text block with a wrong type is the client's error, not a block to skip.
        error = Assert.Throws<TranslationException>(() => AnthropicRequestReader.Parse("""
            {"model":"m","max_tokens":10,"system":[{"type":"image"},{"type":"text","text":5}],"messages":[{"role":"user","content":"Hi"}]}
            """u8));
        Assert.StartsWith("system[1].text: expected string", error.Message, StringComparison.Ordinal);
    }
}
