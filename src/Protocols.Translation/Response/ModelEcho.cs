namespace Protocols.Translation;

/// <summary>C40: which model a response reports.</summary>
internal static class ModelEcho
{
    /// <summary>The requested model when configured to echo it, else the upstream model (falling back to what is known).</summary>
    /// <param name="options">The options.</param>
    /// <param name="state">The exchange state.</param>
    /// <param name="upstreamModel">The model the backend reported, if any.</param>
    /// <returns>The model id.</returns>
    public static string For(TranslationOptions options, ExchangeState state, string? upstreamModel)
    {
        if (options.EchoRequestedModel && !string.IsNullOrEmpty(state.RequestedModel))
        {
            return state.RequestedModel;
        }

        if (!string.IsNullOrEmpty(upstreamModel))
        {
            return upstreamModel;
        }

        return !string.IsNullOrEmpty(state.TargetModel) ? state.TargetModel : state.RequestedModel ?? string.Empty;
    }
}
