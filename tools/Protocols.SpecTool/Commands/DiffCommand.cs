using System.CommandLine;
using Protocols.SpecTool.Diff;
using Protocols.SpecTool.Output;
using Protocols.SpecTool.Specs;

namespace Protocols.SpecTool.Commands;

/// <summary><c>diff &lt;old&gt; &lt;new&gt; [--settings protocols.json] [--json]</c>: changes within the roots' closure, classified.</summary>
internal static class DiffCommand
{
    public static Command Create(ToolContext context)
    {
        var oldSpec = new Argument<string>("old") { Description = "The current OpenAPI document." };
        var newSpec = new Argument<string>("new") { Description = "The new OpenAPI document." };
        var settings = new Option<string?>("--settings") { Description = "protocols.json naming the roots (default: next to <old>, else next to <new>; without one every schema is a root).", HelpName = "protocols.json" };
        var json = new Option<bool>("--json") { Description = "Print a machine-readable JSON report." };
        var command = new Command("diff", "Report added/removed/changed schemas, members, enum values and union variants within the roots' closure; exit 1 on breaking changes.")
        {
            oldSpec, newSpec, settings, json,
        };
        command.SetAction(result => context.Guard(() => Execute(context, result.GetRequiredValue(oldSpec), result.GetRequiredValue(newSpec), result.GetValue(settings), result.GetValue(json))));
        return command;
    }

    public static int Execute(ToolContext context, string oldPath, string newPath, string? settingsPath, bool json)
    {
        using var oldDocument = SpecDocument.Load(oldPath, context.CurrentDirectory);
        using var newDocument = SpecDocument.Load(newPath, context.CurrentDirectory);
        var settings = CheckCommand.LoadSettings(context, settingsPath, oldPath, newPath);
        var roots = CheckResult.RootsOf(settings);
        var diff = SpecDiff.Compute(oldDocument, newDocument, roots);
        if (json)
        {
            DiffJson.Write(context.OutWriter, diff, oldPath, newPath, settings?.Path, roots);
        }
        else
        {
            DiffReport.Render(context.Out, diff, oldPath, newPath, settings?.Path);
        }

        return diff.HasBreaking ? ExitCodes.Findings : ExitCodes.Ok;
    }
}
