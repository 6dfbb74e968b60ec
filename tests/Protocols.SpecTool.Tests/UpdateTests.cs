using Protocols.SpecTool.Commands;

namespace Protocols.SpecTool.Tests;

/// <summary><c>update</c> against a temporary copy of specs/anthropic (the real specs/ is never written).</summary>
public sealed class UpdateTests
{
    [Fact]
    public void Additive_update_replaces_the_document_byte_for_byte_and_exits_0()
    {
        using var temp = new TempDirectory();
        var vendor = temp.CopyVendor("anthropic");
        var document = SpecEdits.Load(Paths.AnthropicSpec);
        document.Schemas()["StopReason"]!["enum"]!.AsArray().Add("model_context_window_exceeded");
        var newFile = document.Save(temp.File("new-anthropic.json"));

        var result = Tool.Run("update", "anthropic", newFile, "--specs-dir", temp.File("specs"));

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Equal(File.ReadAllBytes(newFile), File.ReadAllBytes(Path.Combine(vendor, "anthropic.openapi.json")));
        Assert.Contains("new enum value \"model_context_window_exceeded\"", result.Out);
        Assert.Contains("dotnet build", result.Out);
        Assert.Contains("dotnet test", result.Out);
        Assert.Empty(Directory.GetFiles(vendor, "*.tmp-*"));
    }

    [Fact]
    public void Breaking_update_replaces_the_document_and_exits_1()
    {
        using var temp = new TempDirectory();
        var vendor = temp.CopyVendor("anthropic");
        var newFile = SpecEdits.AnthropicWithRealisticChanges().Save(temp.File("new-anthropic.json"));

        var result = Tool.Run("update", "anthropic", newFile, "--specs-dir", temp.File("specs"));

        Assert.True(result.ExitCode == ExitCodes.Findings, result.ToString());
        Assert.Equal(File.ReadAllBytes(newFile), File.ReadAllBytes(Path.Combine(vendor, "anthropic.openapi.json")));
        Assert.Contains("BREAKING (1)", result.Out);
        Assert.Contains("Message.stop_sequence", result.Out);
        Assert.Contains("ContentBlock.oneOf[ResponseHologramBlock]", result.Out);
    }

    [Fact]
    public void Update_refuses_a_document_missing_a_root_unless_forced()
    {
        using var temp = new TempDirectory();
        var vendor = temp.CopyVendor("anthropic");
        var target = Path.Combine(vendor, "anthropic.openapi.json");
        var document = SpecEdits.Load(Paths.AnthropicSpec);
        document.Schemas().Remove("MessageStreamEvent");
        var newFile = document.Save(temp.File("new-anthropic.json"));

        var refused = Tool.Run("update", "anthropic", newFile, "--specs-dir", temp.File("specs"));

        Assert.True(refused.ExitCode == ExitCodes.Unusable, refused.ToString());
        Assert.Contains("MessageStreamEvent", refused.Err);
        Assert.Contains("--force", refused.Err);
        Assert.Equal(File.ReadAllBytes(Paths.AnthropicSpec), File.ReadAllBytes(target));

        var forced = Tool.Run("update", "anthropic", newFile, "--specs-dir", temp.File("specs"), "--force");

        Assert.True(forced.ExitCode == ExitCodes.Findings, forced.ToString()); // the root's removal is breaking
        Assert.Equal(File.ReadAllBytes(newFile), File.ReadAllBytes(target));
    }

    [Fact]
    public void Update_refuses_malformed_json_and_leaves_the_document_alone()
    {
        using var temp = new TempDirectory();
        var vendor = temp.CopyVendor("anthropic");

        var result = Tool.Run("update", "anthropic", Paths.Fixture("malformed.json"), "--specs-dir", temp.File("specs"));

        Assert.True(result.ExitCode == ExitCodes.Unusable, result.ToString());
        Assert.Contains("malformed.json:6:3", result.Err);
        Assert.Equal(File.ReadAllBytes(Paths.AnthropicSpec), File.ReadAllBytes(Path.Combine(vendor, "anthropic.openapi.json")));
    }

    [Fact]
    public void Update_refuses_a_document_that_is_not_openapi()
    {
        using var temp = new TempDirectory();
        temp.CopyVendor("anthropic");

        var result = Tool.Run("update", "anthropic", Paths.Fixture("not-openapi.json"), "--specs-dir", temp.File("specs"));

        Assert.True(result.ExitCode == ExitCodes.Unusable, result.ToString());
        Assert.Contains("not an OpenAPI document", result.Err);
    }

    [Fact]
    public void Unknown_vendor_exits_2()
    {
        using var temp = new TempDirectory();
        temp.CopyVendor("anthropic");

        var result = Tool.Run("update", "mistral", Paths.AnthropicSpec, "--specs-dir", temp.File("specs"));

        Assert.True(result.ExitCode == ExitCodes.Unusable, result.ToString());
        Assert.Contains("no vendor folder 'mistral'", result.Err);
    }

    [Fact]
    public void Relative_paths_and_specs_dir_resolve_against_the_current_directory()
    {
        using var temp = new TempDirectory();
        var vendor = temp.CopyVendor("anthropic");
        SpecEdits.Load(Paths.AnthropicSpec).Save(temp.File("same-content.json"));

        var result = Tool.RunIn(temp.Path, "update", "anthropic", "same-content.json", "--specs-dir", "specs");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("No changes in the closure.", result.Out);
        Assert.Equal(File.ReadAllBytes(temp.File("same-content.json")), File.ReadAllBytes(Path.Combine(vendor, "anthropic.openapi.json")));
    }

    [Fact]
    public void Specs_directory_defaults_to_the_repository_of_the_current_directory()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("Protocols.sln"), "");
        var nested = Directory.CreateDirectory(temp.File("src", "deep")).FullName;

        Assert.Equal(temp.File("specs"), UpdateCommand.ResolveSpecsDirectory(null, nested));
        Assert.Equal(Path.Combine(nested, "elsewhere"), UpdateCommand.ResolveSpecsDirectory("elsewhere", nested));
        Assert.Equal(Paths.Specs, UpdateCommand.ResolveSpecsDirectory(null, Path.Combine(Paths.RepoRoot, "tools")));
    }
}
