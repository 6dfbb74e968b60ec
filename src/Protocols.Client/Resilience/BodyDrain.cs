namespace Protocols.Client;

/// <summary>
/// Reads (a bounded part of) a failed attempt's body before it is disposed, so the connection goes back to the
/// pool instead of being torn down, and so the body can be kept for the error.
/// </summary>
internal static class BodyDrain
{
    /// <summary>Reads up to <paramref name="limit"/> bytes of the body.</summary>
    /// <param name="response">The response.</param>
    /// <param name="limit">The most bytes kept.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The bytes read (empty when the body could not be read).</returns>
    public static async Task<byte[]> ReadAsync(HttpResponseMessage response, int limit, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = new byte[Math.Min(limit, 16 * 1024)];
                using var kept = new MemoryStream();
                int read;
                while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    var room = limit - (int)kept.Length;
                    if (room <= 0)
                    {
                        // Past the limit the rest is not worth reading: the connection is dropped instead.
                        break;
                    }

                    kept.Write(buffer, 0, Math.Min(room, read));
                }

                return kept.ToArray();
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException or ObjectDisposedException)
        {
            return [];
        }
    }
}
