using Protocols.Core;

namespace Protocols.Translation;

/// <summary>One server-sent event to write: the SSE event name and its JSON data.</summary>
/// <param name="Name">The SSE <c>event:</c> name (<c>message_start</c>, <c>ping</c>, <c>error</c> …).</param>
/// <param name="Data">The event object (an <see cref="Protocols.Anthropic.IMessageStreamEvent"/>, or an <see cref="Protocols.Anthropic.ErrorResponse"/> for <c>error</c>).</param>
public readonly record struct StreamEvent(string Name, IJsonWritable Data);

/// <summary>Where <see cref="StreamTranslator"/> writes the events one chunk produces; reused across chunks.</summary>
public sealed class StreamOutput
{
    /// <summary>The events produced since the last <see cref="Clear"/>.</summary>
    public List<StreamEvent> Events { get; } = new(8);

    /// <summary>Appends an event.</summary>
    /// <param name="name">The SSE event name.</param>
    /// <param name="data">The event object.</param>
    public void Add(string name, IJsonWritable data) => Events.Add(new StreamEvent(name, data));

    /// <summary>Forgets the events already written.</summary>
    public void Clear() => Events.Clear();
}
