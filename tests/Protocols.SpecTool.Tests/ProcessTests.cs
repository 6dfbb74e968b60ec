using System.Diagnostics;
using System.Text.Json;

namespace Protocols.SpecTool.Tests;

/// <summary>The built tool run as a real process (<c>dotnet Protocols.SpecTool.dll ...</c>), output redirected.</summary>
public sealed class ProcessTests
{
    private static string ToolDll => Path.Combine(AppContext.BaseDirectory, "Protocols.SpecTool.dll");

    [Fact]
    public void Diff_as_a_process_exits_1_on_breaking_changes_and_prints_json()
    {
        var result = RunProcess(AppContext.BaseDirectory, "diff", Paths.Fixture("kinds", "old.openapi.json"), Paths.Fixture("kinds", "new.openapi.json"), "--json");

        Assert.True(result.ExitCode == ExitCodes.Findings, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal(14, json.RootElement.GetProperty("changes").GetArrayLength());
    }

    [Fact]
    public void Check_as_a_process_reports_malformed_json_on_stderr_with_exit_2()
    {
        var path = Paths.Fixture("malformed.json");

        var result = RunProcess(AppContext.BaseDirectory, "check", path);

        Assert.True(result.ExitCode == ExitCodes.Unusable, result.ToString());
        Assert.Contains($"{path}:6:3: error: invalid JSON", result.Err);
    }

    [Fact]
    public void Update_as_a_process_finds_specs_by_walking_up_to_Protocols_sln_and_prints_no_colour_when_redirected()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("Protocols.sln"), "");
        var vendor = temp.CopyVendor("anthropic");
        var workDirectory = Directory.CreateDirectory(temp.File("tools", "x")).FullName;
        var newFile = SpecEdits.AnthropicWithRealisticChanges().Save(temp.File("new.json"));

        var result = RunProcess(workDirectory, "update", "anthropic", newFile);

        Assert.True(result.ExitCode == ExitCodes.Findings, result.ToString());
        Assert.Equal(File.ReadAllBytes(newFile), File.ReadAllBytes(Path.Combine(vendor, "anthropic.openapi.json")));
        Assert.Contains("dotnet build", result.Out);
        Assert.DoesNotContain('\u001b', result.Out);
    }

    private static ToolResult RunProcess(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ToolDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the tool did not finish in 60 s");
        }

        return new ToolResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
