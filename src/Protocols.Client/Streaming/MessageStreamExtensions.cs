using System.Runtime.CompilerServices;
using Protocols.Anthropic;

namespace Protocols.Client;

/// <summary>Helpers over streams of Anthropic events.</summary>
public static class MessageStreamExtensions
{
    /// <summary>Reads a whole stream and returns the message it adds up to.</summary>
    /// <param name="events">The events (e.g. <see cref="AnthropicCompatibleClient.StreamMessageAsync"/>).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The final message.</returns>
    /// <exception cref="InvalidOperationException">The stream ended without <c>message_start</c>.</exception>
    public static async Task<Message> ToMessageAsync(this IAsyncEnumerable<IMessageStreamEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var accumulator = new MessageAccumulator();
        await foreach (var e in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            accumulator.Add(e);
        }

        return accumulator.ToMessage();
    }

    /// <summary>Passes the events through while adding them to <paramref name="accumulator"/> (show text as it comes, keep the message).</summary>
    /// <param name="events">The events.</param>
    /// <param name="accumulator">Where the events are added.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The same events.</returns>
    public static async IAsyncEnumerable<IMessageStreamEvent> AccumulateInto(this IAsyncEnumerable<IMessageStreamEvent> events, MessageAccumulator accumulator, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(accumulator);
        await foreach (var e in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            accumulator.Add(e);
            yield return e;
        }
    }

    /// <summary>The text deltas of a stream, as they come.</summary>
    /// <param name="events">The events.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Each <c>text_delta</c>'s text.</returns>
    public static async IAsyncEnumerable<string> TextDeltas(this IAsyncEnumerable<IMessageStreamEvent> events, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        await foreach (var e in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (e is ContentBlockDeltaEvent { Delta: TextContentBlockDelta text })
            {
                yield return text.Text;
            }
        }
    }
}
