using System.Buffers;
using Protocols.Core;

namespace Protocols.Dtos.Tests;

/// <summary><see cref="PooledBufferWriter"/>: what is written stays in order across growth, and bytes can be taken back.</summary>
public sealed class PooledBufferWriterTests
{
    [Fact]
    public void WritesAcrossGrowth_AndTakesBackTheLastBytes()
    {
        using var writer = new PooledBufferWriter(16);
        var expected = new List<byte>();
        for (int i = 0; i < 1000; i++)
        {
            var piece = Enumerable.Range(0, i % 37).Select(b => (byte)(b + i)).ToArray();
            writer.Write(piece);
            expected.AddRange(piece);
        }

        Assert.Equal(expected.ToArray(), writer.WrittenSpan.ToArray());

        writer.Unwrite(5);
        writer.Write("}"u8);
        expected.RemoveRange(expected.Count - 5, 5);
        expected.Add((byte)'}');
        Assert.Equal(expected.ToArray(), writer.WrittenMemory.ToArray());
    }

    [Fact]
    public void Unwrite_OutsideWhatWasWritten_Throws()
    {
        using var writer = new PooledBufferWriter(16);
        writer.Write("abc"u8);
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Unwrite(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Unwrite(-1));
        writer.Unwrite(3);
        Assert.Equal(0, writer.WrittenCount);
    }
}
