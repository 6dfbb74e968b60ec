using Protocols.Core;

namespace Protocols.Proxy.Upstream;

/// <summary>
/// Reads a whole upstream body while telling the exchange's idle timer about every read (<see cref="UpstreamCall.Touch()"/>):
/// <c>UPSTREAM_IDLE_TIMEOUT</c> is the silence allowed between two pieces of a body, not the time the whole body may take.
/// An answer that arrives slowly — keep-alive padding before the JSON, a long answer from a slow model — is read to its end.
/// </summary>
internal static class UpstreamBody
{
    private const int ReadSize = 16 * 1024;

    /// <summary>Reads the body to its end.</summary>
    /// <param name="content">The upstream response's content (unread).</param>
    /// <param name="call">The exchange's cancellation (idle timer, client gone).</param>
    /// <returns>The body.</returns>
    /// <exception cref="OperationCanceledException">The idle timeout fired or the client went away (see <paramref name="call"/>).</exception>
    /// <exception cref="IOException">The connection broke.</exception>
    /// <exception cref="HttpRequestException">The connection broke.</exception>
    public static async Task<byte[]> ReadAllAsync(HttpContent content, UpstreamCall call)
    {
        await using var stream = await content.ReadAsStreamAsync(call.Token).ConfigureAwait(false);
        if (content.Headers.ContentLength is long length && length <= Array.MaxLength)
        {
            // The usual case: read straight into the one array the caller gets.
            var exact = new byte[length];
            var filled = 0;
            while (filled < exact.Length)
            {
                var read = await stream.ReadAsync(exact.AsMemory(filled), call.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new IOException($"the upstream body ended after {filled} of its {length} bytes");
                }

                filled += read;
                call.Touch();
            }

            return exact;
        }

        using var buffer = new PooledBufferWriter(ReadSize);
        await ReadIntoAsync(stream, buffer, call, Array.MaxLength).ConfigureAwait(false);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads a body into <paramref name="buffer"/> until it ends or <paramref name="maxBytes"/> are there; on a failure what was read stays in the buffer.</summary>
    /// <param name="stream">The body.</param>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="call">The exchange's cancellation (idle timer, client gone).</param>
    /// <param name="maxBytes">The most bytes to hold.</param>
    /// <returns>A task.</returns>
    public static async Task ReadIntoAsync(Stream stream, PooledBufferWriter buffer, UpstreamCall call, int maxBytes)
    {
        while (buffer.WrittenCount < maxBytes)
        {
            var read = await stream.ReadAsync(buffer.GetMemory(Math.Min(ReadSize, maxBytes - buffer.WrittenCount)), call.Token).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            buffer.Advance(read);
            call.Touch();
        }
    }
}
