using System.CommandLine;
using Protocols.SpecTool.Diff;
using Protocols.SpecTool.Output;
using Protocols.SpecTool.Specs;
using Spectre.Console;

namespace Protocols.SpecTool.Commands;

/// <summary>
/// <c>update &lt;vendor&gt; &lt;new-file&gt; [--specs-dir specs] [--force]</c>: check the new document,
/// diff it against <c>specs/&lt;vendor&gt;/&lt;document&gt;</c>, replace that file byte for byte.
/// </summary>
internal static class UpdateCommand
{
    public static Command Create(ToolContext context)
    {
        var vendor = new Argument<string>("vendor") { Description = "The vendor folder under specs/ (anthropic, openai)." };
        var newFile = new Argument<string>("new-file") { Description = "The new OpenAPI document (JSON)." };
        var specsDir = new Option<string?>("--specs-dir") { Description = "The specs directory (default: specs/ of the repository found by walking up to Protocols.sln, else ./specs).", HelpName = "dir" };
        var force = new Option<bool>("--force") { Description = "Replace even when a root schema named in protocols.json is missing from the new document." };
        var command = new Command("update", "Check a new vendor document, diff it against the current one and replace it in specs/; exit 1 after replacing when the diff had breaking changes.")
        {
            vendor, newFile, specsDir, force,
        };
        command.SetAction(result => context.Guard(() => Execute(context, result.GetRequiredValue(vendor), result.GetRequiredValue(newFile), result.GetValue(specsDir), result.GetValue(force))));
        return command;
    }

    public static int Execute(ToolContext context, string vendor, string newPath, string? specsDir, bool force)
    {
        var console = context.Out;
        var specsRoot = ResolveSpecsDirectory(specsDir, context.CurrentDirectory);
        var vendorDirectory = FindVendorDirectory(specsRoot, vendor)
            ?? throw new SpecToolException($"error: no vendor folder '{vendor}' in {specsRoot}");
        var settingsPath = Path.Combine(vendorDirectory, SpecSettings.FileName);
        if (!File.Exists(settingsPath))
        {
            throw new SpecToolException($"error: {settingsPath} not found");
        }

        var settings = SpecSettings.Load(settingsPath);
        if (string.IsNullOrEmpty(settings.Document) || settings.Document != Path.GetFileName(settings.Document))
        {
            throw new SpecToolException($"{settingsPath}: error: 'document' must name a file in {vendorDirectory}");
        }

        var target = Path.Combine(vendorDirectory, settings.Document);

        // 1. Check the new document. Its bytes are read once: what is checked is what gets copied.
        using var newDocument = SpecDocument.Load(newPath, context.CurrentDirectory);
        var check = CheckResult.Inspect(newDocument, settings);
        console.MarkupLine("[bold]Checking the new document[/]");
        CheckReport.Render(console, check);
        console.WriteLine();
        if (check.MissingRoots.Count > 0)
        {
            var missing = string.Join(", ", check.MissingRoots);
            if (!force)
            {
                throw new SpecToolException($"error: refusing to update {target}: root schema(s) named in {settingsPath} missing from {newPath}: {missing} (use --force to replace anyway)");
            }

            console.MarkupLineInterpolated($"[yellow]warning[/]: root schema(s) missing from the new document: {missing} (--force: replacing anyway)");
        }

        // 2. Diff against the current document (an unreadable current document is diffed as empty).
        SpecDocument current;
        try
        {
            current = File.Exists(target) ? SpecDocument.Load(target) : SpecDocument.Parse(target, "{}"u8.ToArray());
        }
        catch (SpecToolException e)
        {
            context.Error.MarkupLineInterpolated($"[yellow]warning[/]: the current document is unreadable ({e.Message}); every schema is reported as added");
            current = SpecDocument.Parse(target, "{}"u8.ToArray());
        }

        SpecDiff diff;
        using (current)
        {
            diff = SpecDiff.Compute(current, newDocument, CheckResult.RootsOf(settings));
        }

        // 3. Replace byte for byte (write a sibling temp file, then move it over: never half a file).
        var replaced = !string.Equals(Path.GetFullPath(target), Path.GetFullPath(newPath, context.CurrentDirectory), StringComparison.Ordinal);
        if (replaced)
        {
            var temp = target + ".tmp-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            File.WriteAllBytes(temp, newDocument.Bytes);
            File.Move(temp, target, overwrite: true);
        }

        console.MarkupLine("[bold]Changes[/]");
        DiffReport.Render(console, diff, target, newPath, settingsPath);
        console.WriteLine();
        console.MarkupLine(replaced
            ? $"[green]Replaced[/] {Markup.Escape(target)} ({newDocument.Bytes.Length} bytes)."
            : $"{Markup.Escape(target)} is the new file already: nothing to copy.");
        console.WriteLine();
        console.MarkupLine("[bold]Next steps[/]");
        console.MarkupLine("  dotnet build    [grey]# regenerates the DTOs from the new document[/]");
        console.MarkupLine("  dotnet test     [grey]# round-trip and translation tests against the new shapes[/]");
        if (diff.Changes.Any(c => c.NeedsHandling))
        {
            console.MarkupLine("  [yellow]handle the new enum values and variants listed under NEEDS HANDLING in the translation's mappings[/]");
        }

        if (diff.HasBreaking)
        {
            console.MarkupLine("  [red]review the BREAKING changes: generated members and mappings that use them must change[/]");
        }

        return diff.HasBreaking ? ExitCodes.Findings : ExitCodes.Ok;
    }

    /// <summary>
    /// <paramref name="specsDir"/> relative to the current directory when given; else the
    /// <c>specs</c> folder of the repository (walking up to <c>Protocols.sln</c>); else <c>./specs</c>.
    /// </summary>
    public static string ResolveSpecsDirectory(string? specsDir, string currentDirectory)
    {
        if (specsDir is not null)
        {
            return Path.GetFullPath(specsDir, currentDirectory);
        }

        for (var directory = new DirectoryInfo(currentDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Protocols.sln")))
            {
                return Path.Combine(directory.FullName, "specs");
            }
        }

        return Path.Combine(currentDirectory, "specs");
    }

    private static string? FindVendorDirectory(string specsRoot, string vendor)
    {
        if (!Directory.Exists(specsRoot) || vendor.IndexOfAny(['/', '\\']) >= 0 || vendor is "." or "..")
        {
            return null;
        }

        var exact = Path.Combine(specsRoot, vendor);
        if (Directory.Exists(exact))
        {
            return exact;
        }

        return Directory.EnumerateDirectories(specsRoot)
            .FirstOrDefault(d => string.Equals(Path.GetFileName(d), vendor, StringComparison.OrdinalIgnoreCase));
    }
}
