using System.Text.Json;

namespace Protocols.Translation;

/// <summary>The report notes the request translation adds in more than one place.</summary>
internal static class RequestReport
{
    /// <summary>Records that a <c>cache_control</c> marker was removed (once per request: the message is fixed).</summary>
    /// <param name="context">The request context.</param>
    public static void CacheControlRemoved(RequestContext context) =>
        context.Report.Add(ConversionCodes.CacheControlRemoved, "cache_control markers removed: OpenAI-compatible backends have no equivalent");

    /// <summary>Records members the Anthropic schema does not declare (C05): ignored, never a 4xx.</summary>
    /// <param name="members">The members kept by the reader, or null.</param>
    /// <param name="path">Where they were, e.g. <c>messages[1]</c>; empty for the top level.</param>
    /// <param name="context">The request context.</param>
    public static void UnknownFields(IDictionary<string, JsonElement>? members, string path, RequestContext context)
    {
        if (members is null || members.Count == 0)
        {
            return;
        }

        foreach (var name in members.Keys)
        {
            var where = path.Length == 0 ? name : path + "." + name;
            context.Report.Add(ConversionCodes.UnknownFieldIgnored, where + ": not an Anthropic Messages field this translation knows; ignored");
        }
    }
}
