using System.Globalization;
using Protocols.SpecTool.Commands;
using Protocols.SpecTool.Schemas;
using Spectre.Console;

namespace Protocols.SpecTool.Output;

/// <summary>Prints a <see cref="CheckResult"/>.</summary>
internal static class CheckReport
{
    public static void Render(IAnsiConsole console, CheckResult result)
    {
        var document = result.Document;
        var parse = result.Parse;
        console.MarkupLineInterpolated($"[bold]{document.Path}[/]");
        console.MarkupLineInterpolated($"  OpenAPI {document.OpenApiVersion ?? "?"} (read as {parse.SpecificationVersion}): {parse.PathCount} paths, {parse.SchemaCount} component schemas");
        if (result.Settings is { } settings)
        {
            console.MarkupLineInterpolated($"  settings: {settings.Path} ({settings.Roots.Count} roots)");
        }
        else
        {
            console.MarkupLine("  settings: none (every component schema is a root)");
        }

        console.WriteLine();
        var parserColor = parse.ErrorCount > 0 ? "yellow" : "green";
        console.MarkupLineInterpolated($"[{parserColor}]Parser (Microsoft.OpenApi): {Plural(parse.ErrorCount, "error")}, {Plural(parse.WarningCount, "warning")}[/]");
        foreach (var diagnostic in parse.Diagnostics)
        {
            var where = diagnostic.Location is { } at ? $"{document.Path}:{at.Line}:{at.Column}" : document.Path;
            var label = diagnostic.IsError ? "[red]error  [/]" : "[yellow]warning[/]";
            console.MarkupLine($"  {label} {Markup.Escape(where)}  {Markup.Escape(diagnostic.Pointer)}  {Markup.Escape(diagnostic.Message)}");
        }

        console.WriteLine();
        var stats = result.Stats;
        console.MarkupLineInterpolated($"[bold]Closure of the roots: {stats.Total} schemas[/]");
        console.MarkupLineInterpolated($"  objects   {stats.Objects,5}");
        console.MarkupLineInterpolated($"  unions    {stats.Unions,5}  ({stats.DiscriminatedUnions} discriminated with mapping, {stats.UnmappedUnions} discriminated without mapping, {stats.UndiscriminatedUnions} without discriminator)");
        console.MarkupLineInterpolated($"  enums     {stats.Enums,5}");
        console.MarkupLineInterpolated($"  other     {stats.Other,5}  (aliases, primitives, arrays)");
        console.MarkupLineInterpolated($"  recursive {stats.Recursive,5}  (reach themselves through $ref)");
        console.MarkupLineInterpolated($"  quirks: nullable: true x{stats.Nullable30}, null in anyOf/oneOf/type x{stats.NullUnions}, const x{stats.ConstTags}, allOf x{stats.AllOf}, inline unions x{stats.InlineUnions}");

        if (result.Closure.RootsFromSettings)
        {
            var width = Math.Max(4, result.Closure.Roots.Max(r => r.Name.Length));
            console.WriteLine();
            console.MarkupLineInterpolated($"  {"root".PadRight(width)}  direction  closure");
            foreach (var root in result.Closure.Roots)
            {
                if (root.Found)
                {
                    console.MarkupLineInterpolated($"  {root.Name.PadRight(width)}  {root.Direction.Name(),-9}  {root.Size,7}");
                }
                else
                {
                    console.MarkupLine($"  [red]{Markup.Escape(root.Name.PadRight(width))}  missing from the document[/]");
                }
            }
        }

        foreach (var unresolved in result.Closure.Unresolved.Distinct())
        {
            console.MarkupLineInterpolated($"  [yellow]warning[/] unresolved $ref {unresolved.Reference} in {unresolved.FromSchema}");
        }
    }

    public static string Plural(int count, string noun) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + noun + (count == 1 ? "" : "s");
}
