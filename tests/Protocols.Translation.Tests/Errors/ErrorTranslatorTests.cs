using System.Text;
using System.Text.Json.Nodes;
using Protocols.Anthropic;
using Protocols.Core;
using Protocols.Testing;
using Xunit;

namespace Protocols.Translation.Tests.Errors;

/// <summary>Checklist I: errors (C71 at translation level, C73, C75).</summary>
public sealed class ErrorTranslatorTests
{
    [Theory]
    [InlineData(400, 400, "invalid_request_error")]
    [InlineData(401, 401, "authentication_error")]
    [InlineData(402, 402, "billing_error")]
    [InlineData(403, 403, "permission_error")]
    [InlineData(404, 404, "not_found_error")]
    [InlineData(408, 408, "timeout_error")]
    [InlineData(413, 413, "request_too_large")]
    [InlineData(422, 422, "invalid_request_error")]
    [InlineData(429, 429, "rate_limit_error")]
    [InlineData(500, 500, "api_error")]
    [InlineData(502, 502, "api_error")]
    [InlineData(503, 529, "overloaded_error")]
    [InlineData(504, 504, "timeout_error")]
    [InlineData(529, 529, "overloaded_error")]
    public void C73_UpstreamStatus_MapsToAnthropicError(int upstream, int expectedStatus, string expectedType)
    {
        var body = """{"error":{"message":"something went wrong","type":"x","param":null,"code":null}}"""u8;
        var (status, error) = ErrorTranslator.FromUpstream(upstream, body, "application/json", "req_123");
        Assert.Equal(expectedStatus, status);
        Assert.Equal(expectedType, ErrorJson.Type(error));
        Assert.Equal("something went wrong", ErrorJson.Message(error));

        var json = JsonNode.Parse(JsonModel.ToJsonString(error))!;
        Assert.Equal("error", (string?)json["type"]);
        Assert.Equal("req_123", (string?)json["request_id"]);
        Assert.Equal(expectedType, (string?)json["error"]!["type"]);
        AssertValid(error);
    }

    [Fact]
    public void C73_StatusTable_RoundTrips()
    {
        Assert.Equal("invalid_request_error", ErrorTranslator.ErrorTypeForStatus(409));
        Assert.Equal("api_error", ErrorTranslator.ErrorTypeForStatus(501));
        Assert.Equal("api_error", ErrorTranslator.ErrorTypeForStatus(0));
        foreach (var type in new[] { "invalid_request_error", "authentication_error", "billing_error", "permission_error", "not_found_error", "request_too_large", "rate_limit_error", "timeout_error", "overloaded_error", "api_error" })
        {
            Assert.Equal(type, ErrorTranslator.ErrorTypeForStatus(ErrorTranslator.StatusForErrorType(type)));
        }

        Assert.Equal(529, ErrorTranslator.StatusForErrorType("overloaded_error"));
        Assert.Equal(500, ErrorTranslator.StatusForErrorType("made_up_error"));
    }

    [Theory]
    [InlineData("rate_limit_error", 429)]
    [InlineData("overloaded_error", 529)]
    [InlineData("invalid_request_error", 400)]
    [InlineData("api_error", 500)]
    [InlineData("made_up_error", 500)]
    public void StatusOf_AnErrorBody_IsItsTypesStatus(string type, int status)
    {
        var body = JsonModel.Parse(Encoding.UTF8.GetBytes($$"""{"type":"error","error":{"type":"{{type}}","message":"m"},"request_id":null}"""), ErrorResponse.ReadFrom);
        Assert.Equal(status, ErrorTranslator.StatusOf(body));
        Assert.Equal(status, ErrorTranslator.StatusOf(ErrorTranslator.Create(type, "m", null)));
    }

    [Theory]
    [InlineData("invalid_request_error")]
    [InlineData("authentication_error")]
    [InlineData("billing_error")]
    [InlineData("permission_error")]
    [InlineData("not_found_error")]
    [InlineData("rate_limit_error")]
    [InlineData("timeout_error")]
    [InlineData("api_error")]
    [InlineData("overloaded_error")]
    [InlineData("request_too_large")]
    public void Describe_GivesEachErrorsOwnTypeAndMessage(string type)
    {
        var body = JsonModel.Parse(Encoding.UTF8.GetBytes($$$"""{"type":"error","error":{"type":"{{{type}}}","message":"what happened"}}"""), ErrorResponse.ReadFrom);
        Assert.Equal((type, "what happened"), ErrorTranslator.Describe(body.Error));
    }

    [Fact]
    public void Describe_NoErrorOrAnUnknownOneWithoutTypeOrMessage_IsAnApiErrorWithoutMessage()
    {
        Assert.Equal(("api_error", string.Empty), ErrorTranslator.Describe(null));
        var body = JsonModel.Parse("""{"type":"error","error":{"detail":1}}"""u8, ErrorResponse.ReadFrom);
        Assert.Equal(("api_error", string.Empty), ErrorTranslator.Describe(body.Error));
    }

    [Fact]
    public void C73_RequestTooLarge_CreatedAndSerializedAlthoughTheSpecLacksIt()
    {
        var error = ErrorTranslator.Create("request_too_large", "Request exceeds the maximum size", "req_1");
        Assert.IsType<UnknownErrorResponseError>(error.Error);
        var json = JsonModel.ToJsonString(error);
        Assert.Equal("""{"type":"error","error":{"type":"request_too_large","message":"Request exceeds the maximum size"},"request_id":"req_1"}""", json);

        // Reads back to the same shape.
        var back = JsonModel.Parse<ErrorResponse>(Encoding.UTF8.GetBytes(json));
        Assert.Equal(("request_too_large", "Request exceeds the maximum size"), ErrorTranslator.Describe(back.Error));
    }

    [Fact]
    public void C73_EveryKnownType_ValidatesAsErrorResponse()
    {
        foreach (var type in new[] { "invalid_request_error", "authentication_error", "billing_error", "permission_error", "not_found_error", "rate_limit_error", "timeout_error", "api_error", "overloaded_error" })
        {
            var error = ErrorTranslator.Create(type, "m", null);
            AssertValid(error);
            Assert.Equal(type, ErrorJson.Type(error));
        }
    }

    [Fact]
    public void C73_InsufficientQuota_IsBillingNotRateLimit()
    {
        var body = """{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}"""u8;
        var (status, error) = ErrorTranslator.FromUpstream(429, body, "application/json", null);
        Assert.Equal(402, status);
        Assert.Equal("billing_error", ErrorJson.Type(error));
    }

    [Theory]
    [InlineData("""{"error":{"message":"bad","type":"invalid_request_error","code":400}}""", "bad")]
    [InlineData("""{"error":"plain message"}""", "plain message")]
    [InlineData("""{"object":"error","message":"vllm says no","type":"BadRequestError","param":null,"code":400}""", "vllm says no")]
    [InlineData("""{"detail":"Not Found"}""", "Not Found")]
    [InlineData("""[{"error":{"code":400,"message":"google style","status":"INVALID_ARGUMENT"}}]""", "google style")]
    [InlineData("""{"message":"top-level message"}""", "top-level message")]
    public void C73_ErrorBodyShapesOfRealBackends_MessageKept(string body, string expected)
    {
        var (status, error) = ErrorTranslator.FromUpstream(400, Encoding.UTF8.GetBytes(body), "application/json", null);
        Assert.Equal(400, status);
        Assert.Equal("invalid_request_error", ErrorJson.Type(error));
        Assert.Equal(expected, ErrorJson.Message(error));
    }

    [Fact]
    public void C71_UpstreamErrorBeforeFirstByte_ThatStatusWithAnAnthropicBody()
    {
        // A stream request answered 429 with JSON: the proxy returns 429 and this body, not a 200 stream.
        var (status, error) = ErrorTranslator.FromUpstream(429, """{"error":{"message":"Rate limit reached for gpt-4o","type":"requests","code":"rate_limit_exceeded"}}"""u8, "application/json; charset=utf-8", "req_9");
        Assert.Equal(429, status);
        Assert.Equal("rate_limit_error", ErrorJson.Type(error));
        AssertValid(error);

        var (emptyStatus, empty) = ErrorTranslator.FromUpstream(500, ReadOnlySpan<byte>.Empty, null, null);
        Assert.Equal(500, emptyStatus);
        Assert.Equal("api_error", ErrorJson.Type(empty));
        Assert.Contains("HTTP 500", ErrorJson.Message(empty), StringComparison.Ordinal);
    }

    [Fact]
    public void C75_UpstreamMessage_KeysAndTokensRemoved()
    {
        var body = """{"error":{"message":"Incorrect API key provided: sk-proj-AbCdEf1234567890XyZ. Header was Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.abc123def456 and url https://x.test/v1?key=AIzaSyA1234567890abcdefghijklmnopqrs&alt=sse","type":"invalid_request_error","code":"invalid_api_key"}}"""u8;
        var (status, error) = ErrorTranslator.FromUpstream(401, body, "application/json", null);
        Assert.Equal(401, status);
        var message = ErrorJson.Message(error);
        Assert.StartsWith("Incorrect API key provided: ", message, StringComparison.Ordinal);
        Assert.DoesNotContain("AbCdEf1234567890XyZ", message, StringComparison.Ordinal);
        Assert.DoesNotContain("eyJhbGci", message, StringComparison.Ordinal);
        Assert.DoesNotContain("AIzaSy", message, StringComparison.Ordinal);
        Assert.Contains("[REDACTED]", message, StringComparison.Ordinal);
        Assert.Contains("alt=sse", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Incorrect API key provided: sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789", "Incorrect API key provided: [REDACTED]")]
    [InlineData("Authorization: Bearer abcdef0123456789", "Authorization: Bearer [REDACTED]")]
    [InlineData("api_key=supersecretvalue1 rejected", "api_key=[REDACTED] rejected")]
    [InlineData("{\"x-api-key\": \"k-123456789\"}", "{\"x-api-key\": \"[REDACTED]\"}")]
    [InlineData("token 0123456789abcdef0123456789abcdef is invalid", "token [REDACTED] is invalid")]
    [InlineData("gsk_abcdefghijklmnopqrstuvwx and hf_abcdefghijklmnopqrstu", "[REDACTED] and [REDACTED]")]
    [InlineData("request 550e8400-e29b-41d4-a716-446655440000 for model gpt-4o-mini-2024-07-18 failed", "request 550e8400-e29b-41d4-a716-446655440000 for model gpt-4o-mini-2024-07-18 failed")]
    [InlineData("This model's maximum context length is 128000 tokens.", "This model's maximum context length is 128000 tokens.")]
    [InlineData("", "")]
    public void C75_Redact(string input, string expected) => Assert.Equal(expected, ErrorTranslator.Redact(input));

    [Fact]
    public void C75_HtmlErrorPage_ApiErrorWithShortMessage()
    {
        var html = """
            <!DOCTYPE html>
            <html><head><title>502 Bad Gateway</title></head>
            <body><center><h1>502 Bad Gateway</h1></center><hr><center>cloudflare</center>
            <script>var key = "sk-live-abcdefghijklmnopqrstuvwxyz";</script></body></html>
            """;
        var (status, error) = ErrorTranslator.FromUpstream(502, Encoding.UTF8.GetBytes(html), "text/html; charset=UTF-8", "req_h");
        Assert.Equal(502, status);
        Assert.Equal("api_error", ErrorJson.Type(error));
        var message = ErrorJson.Message(error);
        Assert.Equal("upstream returned an HTML error page (HTTP 502: 502 Bad Gateway)", message);
        AssertValid(error);

        // An HTML page is no API answer, but its status still says what happened (a gateway's rate limit, a login wall).
        foreach (var (upstream, expectedStatus, expectedType) in new[] { (429, 429, "rate_limit_error"), (401, 401, "authentication_error"), (503, 529, "overloaded_error"), (302, 502, "api_error") })
        {
            var (mapped, mappedError) = ErrorTranslator.FromUpstream(upstream, Encoding.UTF8.GetBytes(html), "text/html", null);
            Assert.Equal(expectedStatus, mapped);
            Assert.Equal(expectedType, ErrorJson.Type(mappedError));
            Assert.Contains($"HTTP {upstream}", ErrorJson.Message(mappedError), StringComparison.Ordinal);
            Assert.DoesNotContain("sk-live", ErrorJson.Message(mappedError), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void C75_PlainTextBody_KeepsItsStatus_WithAShortRedactedMessage()
    {
        var text = "upstream connect error or disconnect/reset before headers. reset reason: connection failure, key=abcd1234secret\nsecond line with a stack trace\n   at Foo.Bar()";
        var (status, error) = ErrorTranslator.FromUpstream(503, Encoding.UTF8.GetBytes(text), "text/plain", null);
        Assert.Equal(529, status);
        Assert.Equal("overloaded_error", ErrorJson.Type(error));
        var message = ErrorJson.Message(error);
        Assert.StartsWith("upstream returned HTTP 503: upstream connect error", message, StringComparison.Ordinal);
        Assert.DoesNotContain("abcd1234secret", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Foo.Bar", message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToAnthropic_WithoutStatus_UsesTheErrorType()
    {
        var context = new ErrorContext { RequestId = "r" };
        var source = new Protocols.OpenAI.ErrorResponse { Error = new Protocols.OpenAI.Error { Message = "slow down", Type = "tokens", Code = "rate_limit_exceeded", Param = null } };
        var error = ErrorTranslator.ToAnthropic(source, context);
        Assert.Equal("rate_limit_error", ErrorJson.Type(error));
        Assert.Equal(429, context.Status);
        Assert.Equal("r", error.RequestId);
    }

    [Theory]
    [InlineData("invalid_request_error", "invalid_request_error", 400)]
    [InlineData("authentication_error", "authentication_error", 401)]
    [InlineData("billing_error", "insufficient_quota", 402)]
    [InlineData("permission_error", "permission_error", 403)]
    [InlineData("not_found_error", "not_found_error", 404)]
    [InlineData("rate_limit_error", "rate_limit_error", 429)]
    [InlineData("timeout_error", "timeout_error", 504)]
    [InlineData("api_error", "server_error", 500)]
    [InlineData("overloaded_error", "server_error", 503)]
    [InlineData("request_too_large", "invalid_request_error", 413)]
    public void ToOpenAI_MapsEveryVariant(string anthropicType, string openAIType, int status)
    {
        var context = new ErrorContext();
        var result = ErrorTranslator.ToOpenAI(ErrorTranslator.Create(anthropicType, "msg", null), context);
        Assert.Equal(openAIType, result.Error.Type);
        Assert.Equal("msg", result.Error.Message);
        Assert.Equal(anthropicType, result.Error.Code);
        Assert.Equal(status, context.Status);
        SchemaValidator.OpenAI.AssertValid("ErrorResponse", JsonModel.ToJsonString(result));
    }

    private static void AssertValid(ErrorResponse error)
    {
        if (ErrorJson.Type(error) != "request_too_large")
        {
            SchemaValidator.Anthropic.AssertValid("ErrorResponse", JsonModel.ToJsonString(error));
        }
    }
}
