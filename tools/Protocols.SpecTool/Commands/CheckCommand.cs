using System.CommandLine;
using Protocols.SpecTool.Output;
using Protocols.SpecTool.Specs;
using Spectre.Console;

namespace Protocols.SpecTool.Commands;

/// <summary><c>check &lt;spec&gt; [--settings protocols.json] [--strict]</c>: parse, list findings, summarize the closure.</summary>
internal static class CheckCommand
{
    public static Command Create(ToolContext context)
    {
        var spec = new Argument<string>("spec") { Description = "The OpenAPI document (JSON) to check." };
        var settings = new Option<string?>("--settings") { Description = "protocols.json naming the roots (default: the one next to the spec, if any).", HelpName = "protocols.json" };
        var strict = new Option<bool>("--strict") { Description = "Fail (exit 1) on any parser error or warning and on unresolved references." };
        var command = new Command("check", "Parse a spec with Microsoft.OpenApi, list its errors and warnings, and summarize the roots' $ref closure.")
        {
            spec, settings, strict,
        };
        command.SetAction(result => context.Guard(() => Execute(context, result.GetRequiredValue(spec), result.GetValue(settings), result.GetValue(strict))));
        return command;
    }

    public static int Execute(ToolContext context, string specPath, string? settingsPath, bool strict)
    {
        using var document = SpecDocument.Load(specPath, context.CurrentDirectory);
        var settings = LoadSettings(context, settingsPath, specPath);
        var result = CheckResult.Inspect(document, settings);
        var console = context.Out;
        CheckReport.Render(console, result);
        console.WriteLine();

        if (result.MissingRoots.Count > 0)
        {
            console.MarkupLineInterpolated($"[red]FAILED: {CheckReport.Plural(result.MissingRoots.Count, "root")} missing from the document: {string.Join(", ", result.MissingRoots)}[/]");
            return ExitCodes.Findings;
        }

        var findings = result.Parse.Diagnostics.Count + result.Closure.Unresolved.Count;
        if (strict && findings > 0)
        {
            console.MarkupLineInterpolated($"[red]FAILED (--strict): {CheckReport.Plural(findings, "finding")}[/]");
            return ExitCodes.Findings;
        }

        console.MarkupLine(findings > 0
            ? $"[green]OK[/]: parseable ({Markup.Escape(CheckReport.Plural(findings, "finding"))} reported above; they fail only with --strict)"
            : "[green]OK[/]: parseable, no findings");
        return ExitCodes.Ok;
    }

    /// <summary>Explicit settings (must exist), else the <c>protocols.json</c> next to the spec, else none.</summary>
    public static SpecSettings? LoadSettings(ToolContext context, string? explicitPath, params string[] specPaths)
    {
        if (explicitPath is not null)
        {
            return SpecSettings.Load(context.Resolve(explicitPath));
        }

        foreach (var specPath in specPaths)
        {
            if (SpecSettings.FindNextTo(context.Resolve(specPath)) is { } found)
            {
                return SpecSettings.Load(found);
            }
        }

        return null;
    }
}
