using Protocols.SpecTool.Diff;
using Protocols.SpecTool.Schemas;
using Spectre.Console;

namespace Protocols.SpecTool.Output;

/// <summary>Prints a <see cref="SpecDiff"/> for people: breaking changes, then changes needing handling, then additive ones.</summary>
internal static class DiffReport
{
    public static void Render(IAnsiConsole console, SpecDiff diff, string oldPath, string newPath, string? settingsPath)
    {
        console.MarkupLineInterpolated($"[bold]{oldPath}[/] -> [bold]{newPath}[/]");
        var roots = diff.NewClosure.RootsFromSettings ? $"{diff.NewClosure.Roots.Count} roots from {settingsPath}" : "every component schema (no settings)";
        console.MarkupLineInterpolated($"  roots: {roots}; closure {diff.OldClosure.Schemas.Count} -> {diff.NewClosure.Schemas.Count} schemas");
        foreach (var missing in diff.OldClosure.MissingRoots.Intersect(diff.NewClosure.MissingRoots))
        {
            console.MarkupLineInterpolated($"  [yellow]warning[/] root {missing} is in neither document");
        }

        console.WriteLine();
        if (diff.Changes.Count == 0)
        {
            console.MarkupLine("[green]No changes in the closure.[/]");
            return;
        }

        Section(console, "red", "BREAKING", diff.Changes.Where(c => c.Severity == Severity.Breaking).ToList());
        Section(console, "yellow", "NEEDS HANDLING (additive, but exhaustive mappings must learn them)", diff.Changes.Where(c => c.Severity == Severity.Additive && c.NeedsHandling).ToList());
        Section(console, "green", "ADDITIVE", diff.Changes.Where(c => c.Severity == Severity.Additive && !c.NeedsHandling).ToList());

        var breaking = diff.Changes.Count(c => c.Severity == Severity.Breaking);
        var handling = diff.Changes.Count(c => c.NeedsHandling);
        var additive = diff.Changes.Count - breaking - handling;
        var color = breaking > 0 ? "red" : handling > 0 ? "yellow" : "green";
        console.MarkupLineInterpolated($"[{color}]{CheckReport.Plural(diff.Changes.Count, "change")}: {breaking} breaking, {handling} needing handling, {additive} additive[/]");
    }

    private static void Section(IAnsiConsole console, string color, string title, IReadOnlyList<SpecChange> changes)
    {
        if (changes.Count == 0)
        {
            return;
        }

        console.MarkupLine($"[{color} bold]{Markup.Escape(title)} ({changes.Count})[/]");
        var kindWidth = changes.Max(c => c.KindName.Length);
        var pathWidth = Math.Min(70, changes.Max(c => c.Path.Length));
        foreach (var change in changes)
        {
            console.MarkupLine(
                $"  [{color}]{Markup.Escape(change.KindName.PadRight(kindWidth))}[/]  {Markup.Escape(change.Path.PadRight(pathWidth))}  {Markup.Escape(change.Detail)} [grey]({change.Direction.Name()})[/]");
        }

        console.WriteLine();
    }
}
