using Protocols.SpecTool.Schemas;
using Protocols.SpecTool.Specs;

namespace Protocols.SpecTool.Commands;

/// <summary>Everything <c>check</c> learns about one document (also printed by <c>update</c> for the new file).</summary>
/// <param name="Document">The document.</param>
/// <param name="Settings">The settings that named the roots, or null (every schema is a root).</param>
/// <param name="Parse">Microsoft.OpenApi's findings.</param>
/// <param name="Closure">The roots' closure.</param>
/// <param name="Stats">Shapes and quirks of the closure.</param>
internal sealed record CheckResult(SpecDocument Document, SpecSettings? Settings, OpenApiParse Parse, SchemaClosure Closure, ClosureStats Stats)
{
    /// <summary>Roots the settings name that the document lacks.</summary>
    public IReadOnlyList<string> MissingRoots { get; } = [.. Closure.MissingRoots];

    /// <summary>Inspects a parsed document.</summary>
    /// <exception cref="SpecToolException">The reader produced no OpenAPI document.</exception>
    public static CheckResult Inspect(SpecDocument document, SpecSettings? settings)
    {
        OpenApiParse parse;
        try
        {
            parse = OpenApiParse.Run(document);
        }
        catch (Exception e) when (e is Microsoft.OpenApi.OpenApiException or Microsoft.OpenApi.OpenApiUnsupportedSpecVersionException or InvalidOperationException or InvalidCastException)
        {
            // The reader throws instead of reporting for a version it does not know ("openapi": "4.0.0") or a document that
            // is no object ("x"): the same one line as any other non-OpenAPI document, not the last-resort stack trace.
            throw new SpecToolException($"{document.Path}: error: not an OpenAPI document: {e.Message}");
        }

        if (!parse.IsOpenApi)
        {
            var reason = parse.Diagnostics.FirstOrDefault(d => d.IsError)?.Message ?? "the reader produced no document";
            throw new SpecToolException($"{document.Path}: error: not an OpenAPI document: {reason}");
        }

        var closure = SchemaClosure.Compute(document, RootsOf(settings));
        return new CheckResult(document, settings, parse, closure, ClosureStats.Compute(document, closure));
    }

    /// <summary>The roots of the settings; null (all schemas) without settings or with an empty list.</summary>
    public static IReadOnlyList<string>? RootsOf(SpecSettings? settings) => settings is { Roots.Count: > 0 } ? settings.Roots : null;
}
