namespace Protocols.SpecTool.Tests;

/// <summary>Documents and settings the tool cannot use: every one a precise message naming the file and an exit code, never a stack trace.</summary>
public sealed class UnreadableDocumentTests
{
    private const string Head = "{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"t\",\"version\":\"1\"},\"paths\":{},\"components\":{\"schemas\":";

    public static TheoryData<string, string> Documents => new()
    {
        { "swagger2", "{\"swagger\":\"2.0\",\"info\":{\"title\":\"t\",\"version\":\"1\"},\"paths\":{}}" },
        { "array-root", "[1,2]" },
        { "yaml", "openapi: 3.1.0\ninfo:\n  title: t\n" },
        { "empty", "" },
        { "schema-true", Head + "{\"A\":true}}}" },
        { "schema-string", Head + "{\"A\":\"x\"}}}" },
        { "schemas-array", Head + "[1]}}" },
        { "properties-array", Head + "{\"A\":{\"type\":\"object\",\"properties\":[1]}}}}" },
        { "required-string", Head + "{\"A\":{\"type\":\"object\",\"required\":\"x\",\"properties\":{\"x\":{}}}}}}" },
        { "ref-number", Head + "{\"A\":{\"$ref\":5}}}}" },
        { "ref-missing", Head + "{\"A\":{\"type\":\"object\",\"properties\":{\"b\":{\"$ref\":\"#/components/schemas/Nope\"}}}}}}" },
        { "ref-external", Head + "{\"A\":{\"$ref\":\"other.json#/components/schemas/B\"}}}}" },
        { "ref-self", Head + "{\"A\":{\"$ref\":\"#/components/schemas/A\"}}}}" },
        { "ref-cycle", Head + "{\"A\":{\"$ref\":\"#/components/schemas/B\"},\"B\":{\"$ref\":\"#/components/schemas/A\"}}}}" },
        { "allof-self", Head + "{\"A\":{\"allOf\":[{\"$ref\":\"#/components/schemas/A\"}]}}}}" },
        { "allof-cycle", Head + "{\"A\":{\"allOf\":[{\"$ref\":\"#/components/schemas/B\"}]},\"B\":{\"allOf\":[{\"$ref\":\"#/components/schemas/A\"}]}}}}" },
        { "items-array", Head + "{\"A\":{\"type\":\"array\",\"items\":[{\"type\":\"string\"}]}}}}" },
        { "enum-object", Head + "{\"A\":{\"enum\":{\"a\":1}}}}}" },
        { "type-number", Head + "{\"A\":{\"type\":5}}}}" },
        { "discriminator-bad", Head + "{\"A\":{\"oneOf\":[{\"$ref\":\"#/components/schemas/B\"}],\"discriminator\":{\"propertyName\":\"t\",\"mapping\":{\"b\":\"#/components/schemas/Missing\"}}},\"B\":{\"type\":\"object\"}}}}" },
        { "discriminator-string", Head + "{\"A\":{\"oneOf\":[{\"type\":\"string\"}],\"discriminator\":\"t\"}}}}" },
        { "ref-escaped", Head + "{\"A~B\":{\"type\":\"object\"},\"C\":{\"$ref\":\"#/components/schemas/A~0B\"}}}}" },
        { "ref-percent", Head + "{\"A B\":{\"type\":\"object\"},\"C\":{\"$ref\":\"#/components/schemas/A%20B\"}}}}" },
        { "paths-weird", "{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"t\",\"version\":\"1\"},\"paths\":{\"/x\":{\"post\":{\"requestBody\":{\"$ref\":\"#/components/requestBodies/R\"},\"responses\":{\"200\":{\"$ref\":\"#/components/responses/R\"}}}}},\"components\":{\"requestBodies\":{\"R\":{\"$ref\":\"#/components/requestBodies/R\"}},\"responses\":{\"R\":{\"$ref\":\"#/components/responses/R\"}},\"schemas\":{}}}" },
        { "deep", Head + "{\"A\":" + string.Concat(Enumerable.Repeat("{\"items\":", 900)) + "{}" + new string('}', 900) + "}}}" },
        { "bom", "\uFEFF" + Head + "{\"A\":{\"type\":\"object\"}}}}" },
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public void Check_never_crashes(string name, string text)
    {
        using var dir = new TempDirectory();
        var path = dir.File(name + ".json");
        File.WriteAllText(path, text);

        var check = Tool.Run("check", path);
        var strict = Tool.Run("check", path, "--strict");
        var diff = Tool.Run("diff", path, path);

        Assert.DoesNotContain("internal error", check.Err + strict.Err + diff.Err);
        Assert.DoesNotContain("   at ", check.Err + strict.Err + diff.Err + check.Out + diff.Out);
        Assert.True(check.ExitCode is 0 or 1 or 2, check.ToString());
    }

    [Fact]
    public void Check_strict_fails_on_a_missing_ref_and_names_it()
    {
        using var dir = new TempDirectory();
        var path = dir.File("spec.json");
        File.WriteAllText(path, Head + "{\"A\":{\"type\":\"object\",\"properties\":{\"b\":{\"$ref\":\"#/components/schemas/Nope\"}}}}}}");

        var result = Tool.Run("check", path, "--strict");

        Assert.True(result.ExitCode == ExitCodes.Findings, result.ToString());
        Assert.Contains("Nope", result.Out);
    }

    [Fact]
    public void Settings_naming_an_unknown_root_fail_check()
    {
        using var dir = new TempDirectory();
        var path = dir.File("spec.json");
        File.WriteAllText(path, Head + "{\"A\":{\"type\":\"object\"}}}}");
        File.WriteAllText(dir.File("protocols.json"), "{\"roots\":[\"A\",\"Ghost\"]}");

        var result = Tool.Run("check", path);

        Assert.True(result.ExitCode == ExitCodes.Findings, result.ToString());
        Assert.Contains("Ghost", result.Out);
    }

    [Theory]
    [InlineData("{\"roots\":\"A\"}")]
    [InlineData("{\"roots\":[1]}")]
    [InlineData("[\"A\"]")]
    [InlineData("{\"roots\":[\"A\"],")]
    [InlineData("")]
    public void Bad_settings_exit_2_with_the_file(string settings)
    {
        using var dir = new TempDirectory();
        var path = dir.File("spec.json");
        File.WriteAllText(path, Head + "{\"A\":{\"type\":\"object\"}}}}");
        File.WriteAllText(dir.File("protocols.json"), settings);

        var result = Tool.Run("check", path);

        Assert.True(result.ExitCode == ExitCodes.Unusable, result.ToString());
        Assert.Contains("protocols.json", result.Err);
        Assert.DoesNotContain("internal error", result.Err);
    }

    [Fact]
    public void Diff_of_identical_documents_is_clean()
    {
        var result = Tool.Run("diff", Paths.AnthropicSpec, Paths.AnthropicSpec, "--json");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        using var json = result.Json();
        Assert.Equal(0, json.RootElement.GetProperty("summary").GetProperty("total").GetInt32());
    }

    [Fact]
    public void Diff_missing_file_exits_2()
    {
        var result = Tool.Run("diff", Paths.AnthropicSpec, "/nonexistent/x.json");
        Assert.True(result.ExitCode == ExitCodes.Unusable, result.ToString());
        Assert.Contains("/nonexistent/x.json", result.Err);
    }

    [Theory]
    [InlineData("4.0.0")]
    [InlineData("banana")]
    public void An_unsupported_openapi_version_is_reported_without_a_stack_trace(string version)
    {
        using var dir = new TempDirectory();
        var path = dir.File("spec.json");
        File.WriteAllText(path, "{\"openapi\":\"" + version + "\",\"info\":{\"title\":\"t\",\"version\":\"1\"},\"paths\":{}}");

        var result = Tool.Run("check", path);

        Assert.True(result.ExitCode == ExitCodes.Unusable, result.ToString());
        Assert.Contains(path, result.Err);
        Assert.DoesNotContain("internal error", result.Err);
        Assert.DoesNotContain("   at ", result.Err);
    }

    [Fact]
    public void A_json_string_document_is_not_openapi_without_a_stack_trace()
    {
        using var dir = new TempDirectory();
        var path = dir.File("spec.json");
        File.WriteAllText(path, "\"x\"");

        var result = Tool.Run("check", path);

        Assert.True(result.ExitCode == ExitCodes.Unusable, result.ToString());
        Assert.Contains(path, result.Err);
        Assert.DoesNotContain("   at ", result.Err);
    }

    [Fact]
    public void Update_refuses_an_unsupported_version_cleanly_and_leaves_the_file()
    {
        using var dir = new TempDirectory();
        dir.CopyVendor("anthropic");
        var target = dir.File("specs", "anthropic", "anthropic.openapi.json");
        var before = File.ReadAllBytes(target);
        var path = dir.File("new.json");
        File.WriteAllText(path, "{\"openapi\":\"4.0.0\",\"info\":{\"title\":\"t\",\"version\":\"1\"},\"paths\":{}}");

        var result = Tool.RunIn(dir.Path, "update", "anthropic", path, "--specs-dir", "specs");

        Assert.Equal(before, File.ReadAllBytes(target));
        Assert.True(result.ExitCode == ExitCodes.Unusable, result.ToString());
        Assert.DoesNotContain("   at ", result.Err);
    }

    [Theory]
    [InlineData(new byte[] { 0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D })]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x7B, 0x00, 0x7D, 0x00 })]
    public void Bad_encodings_are_reported_without_a_stack_trace(byte[] bytes)
    {
        using var dir = new TempDirectory();
        var path = dir.File("spec.json");
        File.WriteAllBytes(path, bytes);

        var result = Tool.Run("check", path);

        Assert.True(result.ExitCode == ExitCodes.Unusable, result.ToString());
        Assert.DoesNotContain("internal error", result.Err);
        Assert.Contains(path, result.Err);
    }
}
