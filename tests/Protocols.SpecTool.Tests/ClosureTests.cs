using Protocols.SpecTool.Schemas;
using Protocols.SpecTool.Specs;

namespace Protocols.SpecTool.Tests;

public sealed class ClosureTests
{
    [Fact]
    public void Anthropic_closure_comes_from_the_roots_and_keeps_the_unreferenced_stream_events()
    {
        using var document = SpecDocument.Load(Paths.AnthropicSpec);
        var settings = SpecSettings.Load(Paths.AnthropicSettings);

        var closure = SchemaClosure.Compute(document, settings.Roots);

        Assert.Empty(closure.MissingRoots);
        Assert.InRange(closure.Schemas.Count, 100, document.Schemas.Count - 1);
        foreach (var name in (string[])["MessageStreamEvent", "MessageStartEvent", "ContentBlockDeltaEvent", "Ping", "ContentBlock", "StopReason"])
        {
            Assert.True(closure.Contains(name), name);
        }

        // Directions: the request body root is a request, the stream events (no path) are responses.
        Assert.Equal(Direction.Request, closure.Roots.Single(r => r.Name == "CreateMessageParams").Direction);
        Assert.Equal(Direction.Response, closure.Roots.Single(r => r.Name == "MessageStreamEvent").Direction);
        Assert.Equal(Direction.Response, closure.Schemas["StopReason"]);
        Assert.All(closure.Roots, root => Assert.InRange(root.Size, 1, closure.Schemas.Count));
    }

    [Fact]
    public void OpenAI_closure_is_a_small_part_of_the_document()
    {
        using var document = SpecDocument.Load(Paths.OpenAISpec);
        var settings = SpecSettings.Load(Paths.OpenAISettings);

        var closure = SchemaClosure.Compute(document, settings.Roots);
        var stats = ClosureStats.Compute(document, closure);

        Assert.Empty(closure.MissingRoots);
        Assert.InRange(closure.Schemas.Count, 40, 400);
        Assert.True(closure.Contains("CreateChatCompletionStreamResponse"));
        Assert.True(closure.Contains("ChatCompletionRequestMessage"));
        Assert.False(closure.Contains("CreateResponse")); // the Responses API is not generated
        Assert.Equal(Direction.Request, closure.Roots.Single(r => r.Name == "CreateChatCompletionRequest").Direction);
        Assert.Equal(stats.Total, stats.Objects + stats.Unions + stats.Enums + stats.Other);
        Assert.True(stats.Unions > 0 && stats.Objects > 0 && stats.Enums > 0, stats.ToString());
        Assert.True(stats.Nullable30 > 0, "OpenAI's 3.1 document still uses 3.0 nullable");
    }

    [Fact]
    public void Without_settings_every_schema_is_a_root()
    {
        using var document = SpecDocument.Load(Paths.Fixture("recursive", "recursive.openapi.json"));

        var closure = SchemaClosure.Compute(document, roots: null);

        Assert.False(closure.RootsFromSettings);
        Assert.Equal(5, closure.Schemas.Count);
    }

    [Fact]
    public void Json_pointers_are_located_in_the_source()
    {
        using var document = SpecDocument.Load(Paths.Fixture("kinds", "old.openapi.json"));
        var body = document.Bytes;

        var located = JsonLocator.Locate(body, new JsonText(body), ["#/components/schemas/Status", "#/info/version", "#/info/nothing/here", "#/paths/~1things/post"]);

        Assert.Equal(new TextPosition(47, 7), located["#/components/schemas/Status"]);
        Assert.Equal(new TextPosition(3, 51), located["#/info/version"]);
        Assert.Equal(new TextPosition(3, 3), located["#/info/nothing/here"]); // deepest existing ancestor
        Assert.Equal(new TextPosition(6, 7), located["#/paths/~1things/post"]);
    }
}
