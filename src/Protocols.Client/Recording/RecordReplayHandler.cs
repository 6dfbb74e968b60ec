using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Protocols.Client;

/// <summary>
/// Records HTTP exchanges to a fixture file and replays them offline, for tests against a real backend that run
/// without it. Recorded fixtures hold no credentials: auth headers, keys and tokens (the configured secrets and
/// anything key-shaped) and large base64 payloads are redacted before anything is written. Requests are matched on
/// method, path and query and the redacted body, in order. While recording, response bodies are buffered (streams
/// arrive whole); replayed streams are parsed as usual.
/// </summary>
public sealed class RecordReplayHandler : DelegatingHandler
{
    private static readonly HashSet<string> SkippedRequestHeaders = new(StringComparer.OrdinalIgnoreCase) { "user-agent", "traceparent", "tracestate", "request-id" };
    private static readonly HashSet<string> SkippedResponseHeaders = new(StringComparer.OrdinalIgnoreCase) { "transfer-encoding", "connection", "keep-alive", "date", "server" };
    private static readonly HashSet<string> ContentHeaders = new(StringComparer.OrdinalIgnoreCase) { "content-type", "content-length", "content-encoding", "content-language", "content-disposition", "content-range", "expires", "last-modified" };

    private readonly string _path;
    private readonly FixtureRedactor _redactor;
    private readonly Lock _lock = new();
    private readonly List<RecordedExchange> _exchanges = [];
    private readonly bool[] _used;

    /// <summary>Creates the handler.</summary>
    /// <param name="fixturePath">The fixture file.</param>
    /// <param name="mode">Record, replay, or decide by whether the file exists.</param>
    /// <param name="secrets">Values to remove wherever they appear (the API key …); key-shaped text is removed anyway.</param>
    /// <param name="base64Threshold">Strings of base64 at least this long are replaced by their length.</param>
    /// <exception cref="FileNotFoundException">Replay without the fixture file.</exception>
    public RecordReplayHandler(string fixturePath, RecordReplayMode mode = RecordReplayMode.Auto, IEnumerable<string>? secrets = null, int base64Threshold = 512)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fixturePath);
        _path = fixturePath;
        _redactor = new FixtureRedactor([.. secrets ?? []], base64Threshold);
        Mode = mode == RecordReplayMode.Auto ? (File.Exists(fixturePath) ? RecordReplayMode.Replay : RecordReplayMode.Record) : mode;
        if (Mode == RecordReplayMode.Replay)
        {
            if (!File.Exists(fixturePath))
            {
                throw new FileNotFoundException($"no fixture to replay at {fixturePath}: run once in Record mode", fixturePath);
            }

            _exchanges.AddRange(FixtureFile.Read(fixturePath));
        }

        _used = new bool[Mode == RecordReplayMode.Replay ? _exchanges.Count : 0];
    }

    /// <summary>What the handler does (<see cref="RecordReplayMode.Auto"/> resolved).</summary>
    public RecordReplayMode Mode { get; }

    /// <summary>The exchanges recorded so far, or loaded for replay.</summary>
    public IReadOnlyList<RecordedExchange> Exchanges
    {
        get
        {
            lock (_lock)
            {
                return [.. _exchanges];
            }
        }
    }

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var requestBody = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var pathAndQuery = _redactor.Url(request.RequestUri?.PathAndQuery ?? "/");
        var redactedBody = requestBody is null ? null : _redactor.Body(requestBody);
        return Mode == RecordReplayMode.Replay
            ? Replay(request, pathAndQuery, redactedBody)
            : await RecordAsync(request, pathAndQuery, redactedBody, cancellationToken).ConfigureAwait(false);
    }

    private HttpResponseMessage Replay(HttpRequestMessage request, string pathAndQuery, string? body)
    {
        RecordedExchange? match = null;
        lock (_lock)
        {
            var index = Find(e => e.Method == request.Method.Method && e.PathAndQuery == pathAndQuery && e.RequestBody == body);
            if (index < 0)
            {
                throw new InvalidOperationException($"no recorded exchange matches {request.Method} {pathAndQuery} with this body in {_path}: record the fixture again");
            }

            _used[index] = true;
            match = _exchanges[index];
        }

        var response = new HttpResponseMessage((HttpStatusCode)match.Status)
        {
            RequestMessage = request,
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(match.ResponseBody)),
        };
        foreach (var (name, value) in match.ResponseHeaders)
        {
            if (ContentHeaders.Contains(name))
            {
                if (!name.Equals("content-length", StringComparison.OrdinalIgnoreCase))
                {
                    response.Content.Headers.TryAddWithoutValidation(name, value);
                }
            }
            else
            {
                response.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return response;
    }

    private int Find(Func<RecordedExchange, bool> predicate)
    {
        for (int i = 0; i < _exchanges.Count; i++)
        {
            if (!_used[i] && predicate(_exchanges[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private async Task<HttpResponseMessage> RecordAsync(HttpRequestMessage request, string pathAndQuery, string? redactedBody, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var responseBody = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var exchange = new RecordedExchange(
            request.Method.Method,
            pathAndQuery,
            Headers(request.Headers.NonValidated, request.Content?.Headers.NonValidated, SkippedRequestHeaders),
            redactedBody,
            (int)response.StatusCode,
            Headers(response.Headers.NonValidated, response.Content.Headers.NonValidated, SkippedResponseHeaders),
            _redactor.Body(responseBody));
        lock (_lock)
        {
            _exchanges.Add(exchange);
            FixtureFile.Write(_path, _exchanges);
        }

        // The body was read to record it: the caller gets the same bytes.
        var content = new ByteArrayContent(responseBody);
        foreach (var header in response.Content.Headers.NonValidated)
        {
            content.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content = content;
        return response;
    }

    private Dictionary<string, string> Headers(HttpHeadersNonValidated headers, HttpHeadersNonValidated? content, HashSet<string>? skip)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in headers)
        {
            if (skip?.Contains(header.Key) != true)
            {
                result[header.Key.ToLowerInvariant()] = _redactor.Header(header.Key, header.Value.ToString());
            }
        }

        if (content is { } c)
        {
            foreach (var header in c)
            {
                if (skip?.Contains(header.Key) == true)
                {
                    continue;
                }

                result[header.Key.ToLowerInvariant()] = _redactor.Header(header.Key, header.Value.ToString());
            }
        }

        return result;
    }
}
