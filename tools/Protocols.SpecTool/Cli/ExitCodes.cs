namespace Protocols.SpecTool;

/// <summary>Process exit codes of <c>protocols-spec</c> (documented in the tool's README).</summary>
public static class ExitCodes
{
    /// <summary>Success: the document parsed, the diff had no breaking change, the update was applied cleanly.</summary>
    public const int Ok = 0;

    /// <summary>
    /// Findings: <c>diff</c>/<c>update</c> found breaking changes (update still replaced the file);
    /// <c>check</c> found a missing root, or parser findings under <c>--strict</c>.
    /// </summary>
    public const int Findings = 1;

    /// <summary>Nothing could be done: bad usage, unreadable file, invalid JSON, not an OpenAPI document, update refused.</summary>
    public const int Unusable = 2;
}
