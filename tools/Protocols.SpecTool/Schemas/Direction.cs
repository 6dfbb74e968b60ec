namespace Protocols.SpecTool.Schemas;

/// <summary>Which way a schema travels, as seen by an API client: sent (request), received (response) or both.</summary>
[Flags]
internal enum Direction
{
    /// <summary>Unknown.</summary>
    None = 0,

    /// <summary>Part of a request body: the client writes it, the server reads it.</summary>
    Request = 1,

    /// <summary>Part of a response (or a stream event): the server writes it, the client reads it.</summary>
    Response = 2,

    /// <summary>Shared by requests and responses: judged by the stricter of the two.</summary>
    Both = Request | Response,
}

/// <summary>Display names for <see cref="Direction"/>.</summary>
internal static class DirectionNames
{
    public static string Name(this Direction direction) => direction switch
    {
        Direction.Request => "request",
        Direction.Response => "response",
        Direction.Both => "both",
        _ => "unknown",
    };
}
