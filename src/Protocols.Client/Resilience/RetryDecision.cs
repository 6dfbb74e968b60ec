namespace Protocols.Client;

/// <summary>Whether one failed attempt is retried, and after how long.</summary>
internal static class RetryDecision
{
    /// <summary>The server's verdict from <c>x-should-retry</c>, when it gave one.</summary>
    public static bool? ShouldRetryHeader(HttpResponseMessage response) =>
        response.Headers.NonValidated.TryGetValues("x-should-retry", out var values) && values.Count > 0
            ? values.ToString().Trim().ToLowerInvariant() switch { "true" => true, "false" => false, _ => null }
            : null;

    /// <summary>Whether a response is retried (the delay it asks for is checked against the limit too).</summary>
    public static bool ShouldRetry(HttpResponseMessage response, RetryOptions options, DateTimeOffset now)
    {
        if (response.IsSuccessStatusCode)
        {
            return false;
        }

        var retry = ShouldRetryHeader(response) ?? options.RetryableStatusCodes.Contains((int)response.StatusCode);
        if (!retry)
        {
            return false;
        }

        // A server that asks for a long pause gets it from the caller, not from a blocked thread here.
        return RetryAfterHeader.Parse(response.Headers, now) is not { } delay || delay <= options.MaxRetryAfter;
    }

    /// <summary>Whether an exception from one attempt is retried.</summary>
    public static bool ShouldRetry(Exception exception) => exception switch
    {
        BlockedAddressException => false,
        TransportException t => t.InnerException is not HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError or HttpRequestError.ConfigurationLimitExceeded or HttpRequestError.UserAuthenticationError or HttpRequestError.ProxyTunnelError },
        UpstreamTimeoutException => true,
        _ => false,
    };

    /// <summary>The delay before the next attempt: the server's, else the jittered exponential backoff.</summary>
    public static TimeSpan Delay(HttpResponseMessage? response, int retry, RetryOptions options, DateTimeOffset now, double random)
    {
        if (response is not null && RetryAfterHeader.Parse(response.Headers, now) is { } serverDelay)
        {
            return serverDelay;
        }

        return options.Backoff(retry, random);
    }
}
