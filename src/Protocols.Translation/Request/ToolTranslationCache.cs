using System.Collections.Concurrent;
using System.Text.Json;
using Protocols.Core;
using Protocols.OpenAI;

namespace Protocols.Translation;

/// <summary>
/// Remembers how the <c>tools</c> of recent requests were translated, keyed by their exact bytes, so that a
/// client resending the same tools with every request — Claude Code sends about 30 KB of them each time — pays
/// for reading, translating and writing them once. A hit skips the tools entirely: they are cut out of the body
/// before it is parsed, and their translated JSON is written as it was the first time, along with the same
/// conversion notes, tool-name mappings and token estimate (<see cref="RequestTranslator.TranslateBody"/>).
/// </summary>
/// <remarks>
/// A translation depends only on the tools' bytes and the <see cref="Options"/>, so a hit is exact: the bytes are
/// compared in full, never trusted to a hash. Bounded: past <see cref="Capacity"/> entries an arbitrary one is
/// dropped. Thread-safe; one cache serves every request translated with the same options.
/// </remarks>
public sealed class ToolTranslationCache
{
    private readonly ConcurrentDictionary<byte[], CachedTools> _entries = new(BytesComparer.Instance);
    private readonly ConcurrentDictionary<byte[], CachedTools>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    private long _hits;
    private long _misses;

    /// <summary>Creates a cache for translations made with <paramref name="options"/>.</summary>
    /// <param name="options">The options every request using this cache is translated with.</param>
    /// <param name="capacity">The most distinct tool lists kept.</param>
    public ToolTranslationCache(TranslationOptions options, int capacity = 32)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Options = options;
        Capacity = capacity;
        _lookup = _entries.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    /// <summary>The options the cached translations were made with (a context with other options bypasses the cache).</summary>
    public TranslationOptions Options { get; }

    /// <summary>The most distinct tool lists kept.</summary>
    public int Capacity { get; }

    /// <summary>How many tool lists are cached.</summary>
    public int Count => _entries.Count;

    /// <summary>Requests whose tools were found in the cache.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Requests whose tools were translated (and then cached).</summary>
    public long Misses => Interlocked.Read(ref _misses);

    internal bool TryGet(ReadOnlySpan<byte> tools, out CachedTools entry)
    {
        if (_lookup.TryGetValue(tools, out entry!))
        {
            Interlocked.Increment(ref _hits);
            return true;
        }

        Interlocked.Increment(ref _misses);
        return false;
    }

    internal void Add(CachedTools entry)
    {
        while (_entries.Count >= Capacity)
        {
            using var e = _entries.Keys.GetEnumerator();
            if (!e.MoveNext())
            {
                break;
            }

            _entries.TryRemove(e.Current, out _);
        }

        _entries.TryAdd(entry.Source, entry);
    }

    private sealed class BytesComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly BytesComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x is not null && y is not null && x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => Hash(obj);

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate) => Hash(alternate);

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();

        private static int Hash(ReadOnlySpan<byte> bytes)
        {
            var hash = default(HashCode);
            hash.AddBytes(bytes);
            return hash.ToHashCode();
        }
    }
}

/// <summary>One cached translation of a <c>tools</c> array.</summary>
/// <param name="Source">The Anthropic <c>tools</c> value, byte for byte (the key).</param>
/// <param name="Tools">The translated tools (shared, never modified).</param>
/// <param name="Json">The translated tools as a JSON array, or null when none survived (all were dropped server tools).</param>
/// <param name="Notes">The conversion notes the tools produced.</param>
/// <param name="ToolNames">Shortened name → original name, for the tools whose names were shortened.</param>
/// <param name="SourceCount">How many tools the client sent.</param>
/// <param name="Tokens">The token estimate of the tool definitions (without the tools prompt, which depends on tool_choice).</param>
internal sealed record CachedTools(
    byte[] Source,
    ICreateChatCompletionRequestToolsItem[] Tools,
    byte[]? Json,
    ConversionNote[] Notes,
    KeyValuePair<string, string>[] ToolNames,
    int SourceCount,
    long Tokens)
{
    /// <summary>The translated tools as a JSON array.</summary>
    /// <param name="tools">The tools.</param>
    /// <returns>The UTF-8 JSON, or null for none.</returns>
    public static byte[]? Serialize(IReadOnlyList<ICreateChatCompletionRequestToolsItem> tools)
    {
        if (tools.Count == 0)
        {
            return null;
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, JsonModel.WriterOptions))
        {
            writer.WriteStartArray();
            foreach (var tool in tools)
            {
                tool.WriteTo(writer);
            }

            writer.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
