using System.Buffers;
using System.IO.Pipelines;

namespace Protocols.Proxy.Http;

/// <summary>
/// A write-only stream over the response's <see cref="PipeWriter"/> whose writes only copy into the pipe; the
/// owner decides when to flush (<see cref="FlushAsync(CancellationToken)"/>). The streaming responder hands it to
/// <c>SseFormatter</c> and flushes whenever the next upstream read would wait (or <see cref="Unflushed"/> grows past
/// a threshold): every event still leaves as soon as it exists, but events produced together — say the three that
/// one upstream chunk becomes — share one write to the socket instead of one each.
/// </summary>
/// <param name="writer">The response body's writer.</param>
internal sealed class UnflushedBodyStream(PipeWriter writer) : Stream
{
    /// <summary>Bytes written since the last flush.</summary>
    public long Unflushed { get; private set; }

    /// <inheritdoc/>
    public override bool CanRead => false;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => true;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        writer.Write(buffer);
        Unflushed += buffer.Length;
    }

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (Unflushed == 0)
        {
            return;
        }

        Unflushed = 0;
        var result = await writer.FlushAsync(cancellationToken);
        if (result.IsCanceled)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    /// <inheritdoc/>
    public override void Flush() => throw new NotSupportedException("flush asynchronously");

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();
}
