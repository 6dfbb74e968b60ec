using Protocols.Anthropic;
using Protocols.Proxy.Configuration;
using Protocols.Proxy.Errors;
using Protocols.Proxy.Http;
using Protocols.Proxy.Limits;
using Protocols.Proxy.Observability;
using Protocols.Translation;

namespace Protocols.Proxy.Messages;

/// <summary>
/// <c>POST /v1/messages/count_tokens</c> (C76): answered locally with the translation's estimate
/// (system, tools, text, tool_use, tool_result and images counted) — OpenAI has no such endpoint.
/// </summary>
/// <param name="settings">The settings.</param>
internal sealed class CountTokensHandler(ProxySettings settings)
{
    /// <summary>Handles the request.</summary>
    /// <param name="context">The HTTP context.</param>
    /// <returns>A task.</returns>
    public async Task HandleAsync(HttpContext context)
    {
        var record = RequestRecord.Of(context);
        using var body = await RequestBody.ReadOrRefuseAsync(context, settings.MaxBodySize);
        if (body is null)
        {
            return;
        }

        long tokens;
        try
        {
            var request = AnthropicRequestReader.ParseCountTokens(body.WrittenSpan);
            record.RequestedModel = request.Model.Value;
            tokens = TokenEstimator.Estimate(request);
        }
        catch (TranslationException e)
        {
            await AnthropicErrors.WriteAsync(context, e.Status, e.ErrorType, e.Message);
            return;
        }

        record.InputTokens = tokens;
        await JsonResponse.WriteAsync(context.Response, 200, new CountMessageTokensResponse { InputTokens = tokens });
    }
}
