using System.Globalization;
using Protocols.Anthropic;
using Protocols.Core;
using Protocols.OpenAI;
using Protocols.Translation;

namespace Protocols.Client;

// GET /v1/models (from the backend's list) and POST /v1/messages/count_tokens (a local estimate, C76).
public sealed partial class AnthropicCompatibleClient
{
    private const string ListModelsOperation = "models.list";

    /// <summary>Lists the backend's models in Anthropic's shape (<c>GET …/models</c>), paged on this side.</summary>
    /// <param name="limit">The most models to return; null for all.</param>
    /// <param name="afterId">Return the models after this id (Anthropic's <c>after_id</c>); null to start at the first.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page: <c>data</c>, <c>first_id</c>, <c>last_id</c>, <c>has_more</c>.</returns>
    /// <exception cref="AnthropicClientException">A typed error.</exception>
    public async Task<ListResponseModelInfo> ListModelsAsync(int? limit = null, string? afterId = null, CancellationToken cancellationToken = default)
    {
        using var upstream = await SendAsync(
            ListModelsOperation,
            () => CreateHttpRequest(HttpMethod.Get, Endpoint.Models, null, stream: false),
            bufferBody: true,
            cancellationToken).ConfigureAwait(false);
        var body = await upstream.Response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        ListModelsResponse list;
        try
        {
            list = JsonModel.Parse<ListModelsResponse>(body);
        }
        catch (ProtocolJsonException e)
        {
            var error = ClientErrors.FromAnthropic(502, ErrorTranslator.Create("api_error", "upstream model list is not a list: " + _scrubber.Scrub(e.Message), upstream.RequestId), _scrubber.ScrubBody(body), null, _scrubber);
            Fail(error, ListModelsOperation, upstream.Attempts, upstream.Started);
            throw error;
        }

        IEnumerable<Protocols.OpenAI.Model> models = list.Data ?? [];
        if (afterId is not null)
        {
            models = models.SkipWhile(m => m.Id != afterId).Skip(1);
        }

        var all = models.ToList();
        var page = limit is { } n ? all.Take(Math.Max(0, n)).ToList() : all;
        Succeed(ListModelsOperation, upstream);
        return new ListResponseModelInfo
        {
            Data = [.. page.Select(ToModelInfo)],
            FirstId = page.Count > 0 ? page[0].Id : null,
            LastId = page.Count > 0 ? page[^1].Id : null,
            HasMore = page.Count < all.Count,
        };
    }

    /// <summary>
    /// Counts a request's input tokens with the local estimate (OpenAI-compatible backends have no count endpoint):
    /// nothing is sent.
    /// </summary>
    /// <param name="request">The count request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The estimate.</returns>
    public Task<CountMessageTokensResponse> CountTokensAsync(CountMessageTokensParams request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(new CountMessageTokensResponse { InputTokens = TokenEstimator.Estimate(request) });
    }

    private static ModelInfo ToModelInfo(Protocols.OpenAI.Model model) => new()
    {
        Id = model.Id,
        DisplayName = model.Id,
        CreatedAt = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(model.Created, 0, 253402300799)).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        Capabilities = null,
        MaxInputTokens = null,
        MaxTokens = null,
    };
}
