using System.Text;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Protocols.SpecTool.Specs;

/// <summary>What Microsoft.OpenApi's reader thinks of a document: its errors and warnings, located in the file.</summary>
/// <param name="IsOpenApi">Whether the reader produced a document at all.</param>
/// <param name="SpecificationVersion">The version the reader parsed the document as (<c>3.1</c>, <c>3.0</c>...).</param>
/// <param name="PathCount">Number of paths.</param>
/// <param name="SchemaCount">Number of component schemas.</param>
/// <param name="Diagnostics">Errors first, then warnings, as reported.</param>
internal sealed record OpenApiParse(bool IsOpenApi, string SpecificationVersion, int PathCount, int SchemaCount, IReadOnlyList<ParserDiagnostic> Diagnostics)
{
    /// <summary>Number of errors.</summary>
    public int ErrorCount => Diagnostics.Count(d => d.IsError);

    /// <summary>Number of warnings.</summary>
    public int WarningCount => Diagnostics.Count(d => !d.IsError);

    /// <summary>Parses <paramref name="document"/>'s text with Microsoft.OpenApi and locates each finding's pointer in the file.</summary>
    public static OpenApiParse Run(SpecDocument document)
    {
        // The reader takes text; the document's JSON was validated already, so its findings are
        // OpenAPI-level (missing required fields, bad discriminators, dangling references).
        var text = Encoding.UTF8.GetString(SpecDocument.Utf8Body(document.Bytes).Span);
        var result = OpenApiDocument.Parse(text, "json", new OpenApiReaderSettings());
        var raw = new List<(bool IsError, OpenApiError Error)>();
        raw.AddRange((result.Diagnostic?.Errors ?? []).Select(e => (true, e)));
        raw.AddRange((result.Diagnostic?.Warnings ?? []).Select(e => (false, e)));

        var body = SpecDocument.Utf8Body(document.Bytes).ToArray();
        var locations = JsonLocator.Locate(body, new JsonText(body), raw.Select(r => r.Error.Pointer ?? ""));
        var diagnostics = raw
            .Select(r => new ParserDiagnostic(r.IsError, r.Error.Pointer ?? "", r.Error.Message, locations.TryGetValue(r.Error.Pointer ?? "", out var at) ? at : null))
            .ToList();

        var version = result.Diagnostic?.SpecificationVersion switch
        {
            OpenApiSpecVersion.OpenApi2_0 => "2.0",
            OpenApiSpecVersion.OpenApi3_0 => "3.0",
            OpenApiSpecVersion.OpenApi3_1 => "3.1",
            { } other => other.ToString(),
            null => "unknown",
        };
        return new OpenApiParse(
            result.Document is not null,
            version,
            result.Document?.Paths?.Count ?? 0,
            result.Document?.Components?.Schemas?.Count ?? 0,
            diagnostics);
    }
}

/// <summary>One error or warning from Microsoft.OpenApi.</summary>
/// <param name="IsError">Error (true) or warning.</param>
/// <param name="Pointer">The JSON Pointer the reader gave (may be empty).</param>
/// <param name="Message">The reader's message.</param>
/// <param name="Location">Where the pointer (or its deepest existing ancestor) is in the file.</param>
internal sealed record ParserDiagnostic(bool IsError, string Pointer, string Message, TextPosition? Location);
