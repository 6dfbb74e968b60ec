using System.Buffers;
using System.Buffers.Binary;
using Protocols.Anthropic;

namespace Protocols.Translation;

// Images and PDFs.
public static partial class TokenEstimator
{
    /// <summary>Tokens of an image whose size cannot be read (a URL, an unknown format): about the most an image costs.</summary>
    public const int FallbackImageTokens = 1600;

    /// <summary>Tokens per PDF page: the middle of the 1,500–3,000 Anthropic documents (text plus the page as an image).</summary>
    public const int PdfPageTokens = 2000;

    // Anthropic scales images whose long edge exceeds 1568 px, and caps an image at ~1,600 tokens.
    private const int MaxLongEdge = 1568;

    // How much base64 to decode, in steps, while looking for the size (a JPEG's SOF marker can sit
    // behind a large EXIF block); past the last step the fallback applies.
    private static readonly int[] HeaderSteps = [64, 8 * 1024, 128 * 1024, 1024 * 1024];

    /// <summary>
    /// Estimates an image: Anthropic's formula <c>width × height / 750</c> after its downscaling (long edge
    /// at most 1568 px, at most ~1,600 tokens), with the size read from the PNG, JPEG, GIF or WebP header of
    /// base64 data; <see cref="FallbackImageTokens"/> when the size cannot be read.
    /// </summary>
    /// <param name="source">The image source.</param>
    /// <returns>The estimate.</returns>
    public static long EstimateImage(IRequestImageBlockSource source) =>
        source is Base64ImageSource base64 && TryGetImageSize(base64.Data, out int width, out int height)
            ? ImageTokens(width, height)
            : FallbackImageTokens;

    /// <summary>Tokens of an image of the given size, by Anthropic's formula after its downscaling.</summary>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <returns>The estimate.</returns>
    public static long ImageTokens(int width, int height)
    {
        if (width <= 0 || height <= 0)
        {
            return FallbackImageTokens;
        }

        double w = width, h = height;
        double longEdge = Math.Max(w, h);
        if (longEdge > MaxLongEdge)
        {
            double scale = MaxLongEdge / longEdge;
            w *= scale;
            h *= scale;
        }

        return Math.Min(FallbackImageTokens, (long)Math.Ceiling(w * h / 750));
    }

    /// <summary>Reads the pixel size of a base64 PNG, JPEG, GIF or WebP image from its header, decoding only what is needed.</summary>
    /// <param name="base64">The base64 data (no <c>data:</c> prefix).</param>
    /// <param name="width">The width in pixels.</param>
    /// <param name="height">The height in pixels.</param>
    /// <returns>True when the size was read.</returns>
    public static bool TryGetImageSize(ReadOnlySpan<char> base64, out int width, out int height)
    {
        width = height = 0;
        foreach (int step in HeaderSteps)
        {
            int chars = Math.Min(base64.Length, step) & ~3;
            if (chars < 16)
            {
                return false;
            }

            byte[] buffer = ArrayPool<byte>.Shared.Rent(chars / 4 * 3);
            try
            {
                if (!Convert.TryFromBase64Chars(base64[..chars], buffer, out int written))
                {
                    return false;
                }

                var head = buffer.AsSpan(0, written);
                var result = ReadSize(head, out width, out height);
                if (result != SizeResult.NeedMore || chars == (base64.Length & ~3))
                {
                    return result == SizeResult.Found;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        return false;
    }

    private enum SizeResult
    {
        Found,
        NotAnImage,
        NeedMore,
    }

    private static SizeResult ReadSize(ReadOnlySpan<byte> b, out int width, out int height)
    {
        width = height = 0;
        if (b.Length < 30)
        {
            return SizeResult.NeedMore;
        }

        // PNG: the IHDR chunk comes first.
        if (b[0] == 0x89 && b[1] == (byte)'P' && b[2] == (byte)'N' && b[3] == (byte)'G')
        {
            width = BinaryPrimitives.ReadInt32BigEndian(b[16..]);
            height = BinaryPrimitives.ReadInt32BigEndian(b[20..]);
            return SizeResult.Found;
        }

        // GIF: the logical screen size.
        if (b[0] == (byte)'G' && b[1] == (byte)'I' && b[2] == (byte)'F')
        {
            width = BinaryPrimitives.ReadUInt16LittleEndian(b[6..]);
            height = BinaryPrimitives.ReadUInt16LittleEndian(b[8..]);
            return SizeResult.Found;
        }

        if (b[0] == (byte)'R' && b[1] == (byte)'I' && b[2] == (byte)'F' && b[3] == (byte)'F' && b[8..12].SequenceEqual("WEBP"u8))
        {
            return ReadWebPSize(b, out width, out height);
        }

        if (b[0] == 0xFF && b[1] == 0xD8)
        {
            return ReadJpegSize(b, out width, out height);
        }

        return SizeResult.NotAnImage;
    }

    private static SizeResult ReadWebPSize(ReadOnlySpan<byte> b, out int width, out int height)
    {
        width = height = 0;
        var chunk = b[12..16];
        if (chunk.SequenceEqual("VP8X"u8))
        {
            width = 1 + (b[24] | (b[25] << 8) | (b[26] << 16));
            height = 1 + (b[27] | (b[28] << 8) | (b[29] << 16));
            return SizeResult.Found;
        }

        if (chunk.SequenceEqual("VP8L"u8) && b[20] == 0x2F)
        {
            width = 1 + (((b[22] & 0x3F) << 8) | b[21]);
            height = 1 + (((b[24] & 0x0F) << 10) | (b[23] << 2) | ((b[22] & 0xC0) >> 6));
            return SizeResult.Found;
        }

        if (chunk.SequenceEqual("VP8 "u8) && b[23] == 0x9D && b[24] == 0x01 && b[25] == 0x2A)
        {
            width = BinaryPrimitives.ReadUInt16LittleEndian(b[26..]) & 0x3FFF;
            height = BinaryPrimitives.ReadUInt16LittleEndian(b[28..]) & 0x3FFF;
            return SizeResult.Found;
        }

        return SizeResult.NotAnImage;
    }

    // JPEG: walk the markers to the first start-of-frame (SOF0–SOF15 but DHT, JPG, DAC).
    private static SizeResult ReadJpegSize(ReadOnlySpan<byte> b, out int width, out int height)
    {
        width = height = 0;
        int i = 2;
        while (true)
        {
            while (i < b.Length && b[i] == 0xFF)
            {
                i++;
            }

            if (i + 7 >= b.Length)
            {
                return SizeResult.NeedMore;
            }

            byte marker = b[i];
            if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC)
            {
                height = BinaryPrimitives.ReadUInt16BigEndian(b[(i + 4)..]);
                width = BinaryPrimitives.ReadUInt16BigEndian(b[(i + 6)..]);
                return SizeResult.Found;
            }

            if (marker == 0xD9 || marker == 0xDA)
            {
                return SizeResult.NotAnImage;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(b[(i + 1)..]);
            if (length < 2)
            {
                return SizeResult.NotAnImage;
            }

            i += 1 + length;
            if (i >= b.Length || b[i] != 0xFF)
            {
                return i >= b.Length ? SizeResult.NeedMore : SizeResult.NotAnImage;
            }
        }
    }

    /// <summary>
    /// Estimates a base64 PDF: <see cref="PdfPageTokens"/> per page, pages counted from the <c>/Type /Page</c>
    /// objects of the decoded file (or, when they are compressed away, one page per 50 KB).
    /// </summary>
    /// <param name="base64">The base64 data.</param>
    /// <returns>The estimate.</returns>
    public static long EstimatePdf(string base64)
    {
        int pages = 0;
        int maxBytes = base64.Length / 4 * 3;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(maxBytes, 1));
        try
        {
            if (Convert.TryFromBase64String(base64, buffer, out int written))
            {
                pages = CountPdfPages(buffer.AsSpan(0, written));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (pages == 0)
        {
            pages = Math.Max(1, maxBytes / 50_000);
        }

        return (long)pages * PdfPageTokens;
    }

    private static int CountPdfPages(ReadOnlySpan<byte> pdf)
    {
        int count = 0;
        while (true)
        {
            int at = pdf.IndexOf("/Type"u8);
            if (at < 0)
            {
                return count;
            }

            pdf = pdf[(at + 5)..];
            var rest = pdf.TrimStart(" \r\n\t"u8);
            if (rest.StartsWith("/Page"u8) && (rest.Length == 5 || rest[5] != (byte)'s'))
            {
                count++;
            }
        }
    }
}
