using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Protocols.Translation;

// Text: a per-character weight table instead of a tokenizer.
public static partial class TokenEstimator
{
    // Weights in hundredths of a token. Calibrated on English prose and JSON (see the class remarks):
    // a word of letters costs ~0.27 token per letter (≈3.7 letters per token, Claude's tokenizer is
    // ~15–20% less dense than cl100k), a space mostly merges with the next word, punctuation is often a
    // token of its own, CJK is about one token per character.
    private const int Letter = 27;
    private const int Space = 8;
    private const int LineBreak = 30;
    private const int Punctuation = 40;
    private const int Control = 100;
    private const int OtherScript = 45;
    private const int Cjk = 100;
    private const int AstralPerUnit = 75;

    private static readonly byte[] AsciiWeights = BuildAsciiWeights();

    /// <summary>Estimates the tokens of a text.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The estimate (0 for empty text).</returns>
    public static long EstimateText(ReadOnlySpan<char> text)
    {
        long hundredths = 0;
        int i = 0;

        // Runs of ASCII (nearly all prose, code and JSON) are weighed 32 characters at a time, narrowed to bytes.
        if (Vector256.IsHardwareAccelerated)
        {
            const int Block = 2 * 16;
            var units = MemoryMarshal.Cast<char, ushort>(text);
            for (; i + Block <= units.Length; i += Block)
            {
                var low = Vector256.Create(units.Slice(i, 16));
                var high = Vector256.Create(units.Slice(i + 16, 16));
                hundredths += Vector256.LessThanAll(low | high, Vector256.Create((ushort)0x80))
                    ? AsciiWeight(Vector256.Narrow(low, high))
                    : WeighChars(text.Slice(i, Block));
            }
        }

        hundredths += WeighChars(text[i..]);
        return (hundredths + 99) / 100;
    }

    /// <summary>Estimates the tokens of UTF-8 text, e.g. the raw JSON of a tool input, without decoding it to a string.</summary>
    /// <param name="utf8">The UTF-8 bytes.</param>
    /// <returns>The estimate (0 for empty text).</returns>
    public static long EstimateUtf8(ReadOnlySpan<byte> utf8)
    {
        long hundredths = 0;
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + Vector256<byte>.Count <= utf8.Length; i += Vector256<byte>.Count)
            {
                var v = Vector256.Create(utf8.Slice(i, Vector256<byte>.Count));
                if (Vector256.LessThanAll(v, Vector256.Create((byte)0x80)))
                {
                    hundredths += AsciiWeight(v);
                }
                else
                {
                    // Back to bytes, from the start of this block; sequences may cross its end.
                    break;
                }
            }
        }

        var weights = AsciiWeights;
        for (; i < utf8.Length; i++)
        {
            byte b = utf8[i];
            if (b < 0x80)
            {
                hundredths += weights[b];
            }
            else if (b >= 0xF0)
            {
                hundredths += 2 * AstralPerUnit;
            }
            else if (b >= 0xE0)
            {
                // Three-byte sequence: decode enough to tell CJK from the rest of the BMP.
                int cp = i + 2 < utf8.Length ? ((b & 0x0F) << 12) | ((utf8[i + 1] & 0x3F) << 6) | (utf8[i + 2] & 0x3F) : 0;
                hundredths += IsCjk((char)cp) ? Cjk : OtherScript;
            }
            else if (b >= 0xC0)
            {
                hundredths += OtherScript;
            }

            // 0x80–0xBF: continuation bytes, counted with their lead byte.
        }

        return (hundredths + 99) / 100;
    }

    private static long WeighChars(ReadOnlySpan<char> text)
    {
        long hundredths = 0;
        var weights = AsciiWeights;
        foreach (char c in text)
        {
            if (c < 128)
            {
                hundredths += weights[c];
            }
            else if (char.IsSurrogate(c))
            {
                hundredths += AstralPerUnit;
            }
            else
            {
                hundredths += IsCjk(c) ? Cjk : OtherScript;
            }
        }

        return hundredths;
    }

    // The weight of a vector of ASCII characters: the same classes as the table, counted with masks.
    private static long AsciiWeight(Vector256<byte> v)
    {
        var lower = v | Vector256.Create((byte)0x20);
        var letters = Vector256.LessThan(lower - Vector256.Create((byte)'a'), Vector256.Create((byte)26))
            | Vector256.LessThan(v - Vector256.Create((byte)'0'), Vector256.Create((byte)10));
        var spaces = Vector256.Equals(v, Vector256.Create((byte)' '));
        var breaks = Vector256.Equals(v, Vector256.Create((byte)'\n'))
            | Vector256.Equals(v, Vector256.Create((byte)'\r'))
            | Vector256.Equals(v, Vector256.Create((byte)'\t'));
        var controls = Vector256.AndNot(Vector256.LessThan(v, Vector256.Create((byte)32)), breaks)
            | Vector256.Equals(v, Vector256.Create((byte)127));

        int letterCount = BitOperations.PopCount(letters.ExtractMostSignificantBits());
        int spaceCount = BitOperations.PopCount(spaces.ExtractMostSignificantBits());
        int breakCount = BitOperations.PopCount(breaks.ExtractMostSignificantBits());
        int controlCount = BitOperations.PopCount(controls.ExtractMostSignificantBits());
        int punctuationCount = Vector256<byte>.Count - letterCount - spaceCount - breakCount - controlCount;
        return ((long)letterCount * Letter) + (spaceCount * Space) + (breakCount * LineBreak) + (controlCount * Control) + (punctuationCount * Punctuation);
    }

    // CJK ideographs, kana, Hangul, CJK punctuation and full-width forms.
    private static bool IsCjk(char c) =>
        c is (>= '\u2E80' and <= '\u9FFF') or (>= '\uAC00' and <= '\uD7AF') or (>= '\uF900' and <= '\uFAFF') or (>= '\uFF00' and <= '\uFFEF');

    private static byte[] BuildAsciiWeights()
    {
        var weights = new byte[128];
        for (int c = 0; c < 128; c++)
        {
            weights[c] = c switch
            {
                ' ' => Space,
                '\n' or '\r' or '\t' => LineBreak,
                < 32 or 127 => Control,
                _ when char.IsAsciiLetterOrDigit((char)c) => Letter,
                _ => Punctuation,
            };
        }

        return weights;
    }
}
