namespace Protocols.Client;

/// <summary>How the API key reaches the backend.</summary>
public enum UpstreamAuthScheme
{
    /// <summary>No credential: keyless local backends such as Ollama or LM Studio.</summary>
    None,

    /// <summary><c>Authorization: Bearer &lt;key&gt;</c> (OpenAI, OpenRouter, DeepSeek, vLLM, …).</summary>
    Bearer,

    /// <summary>The key alone in a named header, e.g. Azure OpenAI's <c>api-key</c>.</summary>
    Header,
}
