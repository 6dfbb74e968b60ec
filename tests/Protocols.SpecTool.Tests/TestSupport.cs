using System.Text.Json;
using System.Text.Json.Nodes;

namespace Protocols.SpecTool.Tests;

/// <summary>Locations the tests need: the repository (for the real specs) and the copied fixtures.</summary>
internal static class Paths
{
    private static readonly Lazy<string> RepoRootLazy = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Protocols.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Protocols.sln not found above " + AppContext.BaseDirectory);
    });

    public static string RepoRoot => RepoRootLazy.Value;

    public static string Specs => Path.Combine(RepoRoot, "specs");

    public static string AnthropicSpec => Path.Combine(Specs, "anthropic", "anthropic.openapi.json");

    public static string AnthropicSettings => Path.Combine(Specs, "anthropic", "protocols.json");

    public static string OpenAISpec => Path.Combine(Specs, "openai", "openai.openapi.json");

    public static string OpenAISettings => Path.Combine(Specs, "openai", "protocols.json");

    public static string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "spec-fixtures", .. parts]);
}

/// <summary>The outcome of one run of the tool.</summary>
internal sealed record ToolResult(int ExitCode, string Out, string Err)
{
    public JsonDocument Json() => JsonDocument.Parse(Out);

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Err}";
}

/// <summary>Runs the tool's entry point in-process.</summary>
internal static class Tool
{
    public static ToolResult Run(params string[] args) => RunIn(Environment.CurrentDirectory, args);

    public static ToolResult RunIn(string currentDirectory, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = SpecToolCli.Run(args, output, error, currentDirectory);
        return new ToolResult(exitCode, output.ToString(), error.ToString());
    }
}

/// <summary>A temporary directory removed on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "protocols-spec-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Copies one vendor folder of the real specs/ (settings and document) into this directory's specs/.</summary>
    public string CopyVendor(string vendor)
    {
        var target = File("specs", vendor);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(System.IO.Path.Combine(Paths.Specs, vendor)))
        {
            System.IO.File.Copy(file, System.IO.Path.Combine(target, System.IO.Path.GetFileName(file)));
        }

        return target;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail a test.
        }
    }
}

/// <summary>Edits of the real vendor documents, written to new files.</summary>
internal static class SpecEdits
{
    public static JsonObject Load(string path) => JsonNode.Parse(System.IO.File.ReadAllText(path))!.AsObject();

    public static JsonObject Schemas(this JsonObject document) => document["components"]!["schemas"]!.AsObject();

    public static string Save(this JsonObject document, string path)
    {
        System.IO.File.WriteAllText(path, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    /// <summary>The Anthropic document with a new content block variant, a new stop reason and without <c>Message.stop_sequence</c>.</summary>
    public static JsonObject AnthropicWithRealisticChanges()
    {
        var document = Load(Paths.AnthropicSpec);
        var schemas = document.Schemas();
        schemas["ResponseHologramBlock"] = JsonNode.Parse("""
            {
              "type": "object",
              "required": ["type", "hologram"],
              "properties": {
                "type": { "type": "string", "const": "hologram", "default": "hologram" },
                "hologram": { "type": "string" }
              }
            }
            """);
        var contentBlock = schemas["ContentBlock"]!.AsObject();
        contentBlock["oneOf"]!.AsArray().Add(JsonNode.Parse("""{ "$ref": "#/components/schemas/ResponseHologramBlock" }"""));
        contentBlock["discriminator"]!["mapping"]!["hologram"] = "#/components/schemas/ResponseHologramBlock";
        schemas["StopReason"]!["enum"]!.AsArray().Add("model_context_window_exceeded");
        schemas["Message"]!["properties"]!.AsObject().Remove("stop_sequence");
        return document;
    }
}
