namespace Protocols.Client;

/// <summary>One recorded request and its response, as stored in a fixture (already redacted).</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="PathAndQuery">The request path and query (the host is not matched: test servers change ports).</param>
/// <param name="RequestHeaders">The request headers, credentials replaced by <c>[REDACTED]</c>.</param>
/// <param name="RequestBody">The request body (JSON re-written with secrets and large base64 removed); null for none.</param>
/// <param name="Status">The response status.</param>
/// <param name="ResponseHeaders">The response headers.</param>
/// <param name="ResponseBody">The response body, redacted the same way.</param>
public sealed record RecordedExchange(
    string Method,
    string PathAndQuery,
    IReadOnlyDictionary<string, string> RequestHeaders,
    string? RequestBody,
    int Status,
    IReadOnlyDictionary<string, string> ResponseHeaders,
    string ResponseBody);
