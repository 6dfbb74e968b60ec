using System.Net;
using System.Net.Http.Headers;
using Protocols.Anthropic;
using Protocols.Core;
using Protocols.OpenAI;
using Protocols.Translation;

namespace Protocols.Client;

// Translation of the request and construction of each attempt's HTTP request (a fresh one per attempt: an
// HttpRequestMessage cannot be sent twice; the body bytes are shared).
public sealed partial class AnthropicCompatibleClient
{
    private static readonly ProductInfoHeaderValue UserAgent = new("Protocols.Client", typeof(AnthropicCompatibleClient).Assembly.GetName().Version?.ToString(3) ?? "0");

    private PreparedRequest Prepare(CreateMessageParams request, bool stream, string operation)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = new RequestContext(_options.Translation);
        CreateChatCompletionRequest upstream;
        try
        {
            upstream = RequestTranslator.Translate(request, context);
        }
        catch (TranslationException e)
        {
            throw ClientErrors.FromTranslation(e, null, null, _scrubber);
        }

        // The method decides streaming, whatever the request's own "stream" member says.
        context.State.Stream = stream;
        upstream.Stream = stream ? true : null;
        upstream.StreamOptions = stream ? new ChatCompletionStreamOptions { IncludeUsage = true } : null;
        if (context.Report.IsLossy)
        {
            ClientLog.Lossy(_logger, operation, context.Report.ToHeaderValue());
        }

        ClientLog.Sending(_logger, operation, _server, context.State.TargetModel);
        return new PreparedRequest(context, JsonModel.ToUtf8(upstream), request.MaxTokens);
    }

    private HttpRequestMessage CreateHttpRequest(HttpMethod method, Uri uri, byte[]? body, bool stream)
    {
        var request = new HttpRequestMessage(method, uri) { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionOrHigher };
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(stream ? "text/event-stream" : "application/json"));
        request.Headers.UserAgent.Add(UserAgent);
        foreach (var (name, value) in _options.DefaultHeaders)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        _options.Credential.Apply(request);
        return request;
    }

    /// <summary>A translated request: the context for the answer's translation and the body to send.</summary>
    private sealed record PreparedRequest(RequestContext Context, byte[] Body, long MaxTokens)
    {
        public string TargetModel => Context.State.TargetModel;

        public ExchangeState State => Context.State;

        public ConversionReport Report => Context.Report;
    }
}
