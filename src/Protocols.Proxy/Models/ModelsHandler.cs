using System.Globalization;
using Protocols.Anthropic;
using Protocols.Core;
using Protocols.OpenAI;
using Protocols.Proxy.Configuration;
using Protocols.Proxy.Errors;
using Protocols.Proxy.Http;
using Protocols.Proxy.Observability;
using Protocols.Proxy.Upstream;

namespace Protocols.Proxy.Models;

/// <summary>
/// <c>GET /v1/models</c> and <c>GET /v1/models/{id}</c> in the Anthropic list shape (C77): the
/// configured aliases (<c>MODEL_ALIASES</c> and the exact ids of <c>MODEL_MAP</c> rules) first, then the
/// upstream's <c>/models</c>. Paging follows Anthropic's <c>limit</c> (default 20), <c>after_id</c>,
/// <c>before_id</c>. An upstream without a model list still gets the aliases.
/// </summary>
/// <param name="settings">The settings.</param>
/// <param name="upstream">The upstream client.</param>
/// <param name="logger">The logger.</param>
internal sealed class ModelsHandler(ProxySettings settings, UpstreamClient upstream, ILogger<ModelsHandler> logger)
{
    private const string AliasCreatedAt = "1970-01-01T00:00:00Z";

    /// <summary>Handles <c>GET /v1/models</c>.</summary>
    /// <param name="context">The HTTP context.</param>
    /// <returns>A task.</returns>
    public async Task ListAsync(HttpContext context)
    {
        var models = await LoadAsync(context);
        if (models is null)
        {
            return;
        }

        var query = context.Request.Query;
        var limit = 20;
        if (query["limit"] is { Count: > 0 } l && (!int.TryParse(l[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > 1000))
        {
            await AnthropicErrors.WriteAsync(context, 400, "invalid_request_error", "limit: must be an integer from 1 to 1000");
            return;
        }

        var start = 0;
        var end = models.Count;
        if (query["after_id"] is { Count: > 0 } after)
        {
            start = models.FindIndex(m => m.Id == after[0]) + 1;
        }

        if (query["before_id"] is { Count: > 0 } before)
        {
            var i = models.FindIndex(m => m.Id == before[0]);
            end = i < 0 ? end : i;
            start = Math.Max(start, end - limit);
        }

        var page = models.GetRange(Math.Min(start, end), Math.Max(0, Math.Min(limit, end - start)));
        await JsonResponse.WriteAsync(context.Response, 200, new ListResponseModelInfo
        {
            Data = page,
            HasMore = start + page.Count < end,
            FirstId = page.Count > 0 ? page[0].Id : null,
            LastId = page.Count > 0 ? page[^1].Id : null,
        });
    }

    /// <summary>Handles <c>GET /v1/models/{id}</c>.</summary>
    /// <param name="context">The HTTP context.</param>
    /// <returns>A task.</returns>
    public async Task GetAsync(HttpContext context)
    {
        // The server decodes the path except %2F, which stays escaped so that it cannot be told from a separator; an id
        // is matched as the client meant it, "openai%2Fgpt-4o" and "openai/gpt-4o" alike.
        var id = (context.GetRouteValue("id") as string ?? string.Empty).Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        var models = await LoadAsync(context);
        if (models is null)
        {
            return;
        }

        var found = models.Find(m => m.Id == id);
        if (found is null && !string.Equals(settings.Translation.ResolveModel(id, wantsThinking: false), id, StringComparison.Ordinal))
        {
            // Not listed, but the model map sends it somewhere: it works, so it exists.
            found = Info(id, id, AliasCreatedAt);
        }

        if (found is null)
        {
            await AnthropicErrors.WriteAsync(context, 404, "not_found_error", $"model: {id} is not served by this proxy");
            return;
        }

        await JsonResponse.WriteAsync(context.Response, 200, found);
    }

    private async Task<List<ModelInfo>?> LoadAsync(HttpContext context)
    {
        var record = RequestRecord.Of(context);
        var models = new List<ModelInfo>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var alias in Aliases())
        {
            if (seen.Add(alias))
            {
                models.Add(Info(alias, alias, AliasCreatedAt));
            }
        }

        using var call = new UpstreamCall(context.RequestAborted);
        using var request = upstream.NewRequest(HttpMethod.Get, upstream.Endpoint.Models, context.Request);
        var sent = await upstream.SendAsync(request, call, record.RequestId);
        if (sent.Response is not { } response)
        {
            if (models.Count > 0 && sent.Failure != UpstreamFailure.ClientGone)
            {
                ProxyLog.ModelsUnavailable(logger, 0);
                return models;
            }

            await UpstreamErrors.WriteFailureAsync(context, record, sent);
            return null;
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                if (models.Count > 0 || (int)response.StatusCode is 404 or 405)
                {
                    ProxyLog.ModelsUnavailable(logger, (int)response.StatusCode);
                    return models;
                }

                await UpstreamErrors.WriteUpstreamErrorAsync(context, record, response, call);
                return null;
            }

            try
            {
                var list = JsonModel.Parse<ListModelsResponse>(await UpstreamBody.ReadAllAsync(response.Content, call));
                foreach (var m in list.Data)
                {
                    if (seen.Add(m.Id))
                    {
                        var created = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(m.Created, 0, 253402300799)).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                        models.Add(Info(m.Id, m.Id, created));
                    }
                }
            }
            catch (Exception e) when (e is ProtocolJsonException or IOException or HttpRequestException || (e is OperationCanceledException && !call.ClientGone))
            {
                ProxyLog.ModelsUnavailable(logger, (int)response.StatusCode);
            }
        }

        return models;
    }

    private IEnumerable<string> Aliases()
    {
        foreach (var alias in settings.ModelAliases)
        {
            yield return alias;
        }

        foreach (var rule in settings.Translation.ModelMap)
        {
            if (rule.Match.IndexOfAny(['*', '?']) < 0)
            {
                yield return rule.Match;
            }
        }
    }

    private static ModelInfo Info(string id, string displayName, string createdAt) => new()
    {
        Id = id,
        DisplayName = displayName,
        CreatedAt = createdAt,
        Capabilities = null,
        MaxInputTokens = null,
        MaxTokens = null,
    };
}
