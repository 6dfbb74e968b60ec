using System.Collections.Concurrent;
using System.Text.Json;
using Protocols.Core;
using Protocols.OpenAI;

namespace Protocols.Translation;

/// <summary>
/// Remembers how the <c>tools</c> and the <c>system</c> prompt of recent requests were translated, keyed by their
/// exact bytes, so that a client resending the same ones with every request — Claude Code sends about 30 KB of
/// tools and 7 KB of system prompt each time — pays for reading, translating and writing them once. A hit skips
/// them entirely: they are cut out of the body before it is parsed, the tools' translated JSON is written as it
/// was the first time, the system text is reused, and the same conversion notes, tool-name mappings and token
/// estimates are replayed (<see cref="RequestTranslator.TranslateBody"/>). It also keeps the messages it has read
/// (those of <see cref="MinCachedMessage"/> bytes or more), by their exact bytes: each turn of a conversation resends
/// every earlier message unchanged, and reading them (validating and unescaping their text) is what a long
/// conversation costs. Only the reading is skipped; every message is translated again with the request.
/// </summary>
/// <remarks>
/// A translation of either part depends only on its bytes and the <see cref="Options"/> (the system message's
/// role, which depends on the target model, is chosen per request), so a hit is exact: the bytes are compared in
/// full, never trusted to a hash. Bounded: past <see cref="Capacity"/> entries of a kind an arbitrary one is
/// dropped. Thread-safe; one cache serves every request translated with the same options.
/// </remarks>
public sealed class TranslationCache
{
    /// <summary>Messages shorter than this (in bytes) are read each time: cheap to read, not worth an entry.</summary>
    public const int MinCachedMessage = 256;

    private readonly Part<CachedTools> _tools;
    private readonly Part<CachedSystem> _system;
    private readonly MessagePart _messages;
    private TopLevelMember.KnownValue? _known;

    /// <summary>Creates a cache for translations made with <paramref name="options"/>.</summary>
    /// <param name="options">The options every request using this cache is translated with.</param>
    /// <param name="capacity">The most distinct tool lists (and, separately, system prompts) kept.</param>
    /// <param name="messageBytes">The most bytes of messages kept (past it the messages are forgotten and the cache fills again).</param>
    public TranslationCache(TranslationOptions options, int capacity = 32, long messageBytes = 8L * 1024 * 1024)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(messageBytes, 0);
        Options = options;
        Capacity = capacity;
        _tools = new Part<CachedTools>(capacity);
        _system = new Part<CachedSystem>(capacity);
        _messages = new MessagePart(messageBytes);
    }

    /// <summary>How many messages are cached.</summary>
    public int MessageCount => _messages.Count;

    /// <summary>The bytes of the cached messages.</summary>
    public long MessageBytes => _messages.Bytes;

    /// <summary>Messages (of <see cref="MinCachedMessage"/> bytes or more) found in the cache, not read again.</summary>
    public long MessageHits => _messages.HitCount;

    /// <summary>The options the cached translations were made with (a context with other options bypasses the cache).</summary>
    public TranslationOptions Options { get; }

    /// <summary>The most distinct tool lists (and, separately, system prompts) kept.</summary>
    public int Capacity { get; }

    /// <summary>How many tool lists are cached.</summary>
    public int Count => _tools.Count;

    /// <summary>Requests whose tools were found in the cache.</summary>
    public long Hits => _tools.Hits;

    /// <summary>Requests whose tools were translated (and then cached).</summary>
    public long Misses => _tools.Misses;

    /// <summary>How many system prompts are cached.</summary>
    public int SystemCount => _system.Count;

    /// <summary>Requests whose system prompt was found in the cache.</summary>
    public long SystemHits => _system.Hits;

    /// <summary>Requests whose system prompt was translated (and then cached).</summary>
    public long SystemMisses => _system.Misses;

    internal bool TryGet(ReadOnlySpan<byte> tools, out CachedTools entry) => _tools.TryGet(tools, out entry);

    /// <summary>
    /// For the body scan (<see cref="TopLevelMember.TryScan"/>): a <c>tools</c> or <c>system</c> value that starts with
    /// the bytes of a recent entry is that entry, and is not scanned (~37 KB of a Claude Code request's 49).
    /// </summary>
    internal TopLevelMember.KnownValue Known => _known ??= RecentValue;

    internal void Add(CachedTools entry) => _tools.Add(entry.Source, entry);

    internal bool TryGetSystem(ReadOnlySpan<byte> system, out CachedSystem entry) => _system.TryGet(system, out entry);

    internal void AddSystem(CachedSystem entry) => _system.Add(entry.Source, entry);

    /// <summary>
    /// For the body scan (<see cref="TopLevelMember.ArrayElements"/>): a message read before whose bytes
    /// <paramref name="rest"/> starts with, or null (not counted: <see cref="MessagesReused"/> counts what was used).
    /// </summary>
    internal CachedMessage? MessageAt(ReadOnlySpan<byte> rest) => _messages.At(rest);

    /// <summary>Counts messages taken from the cache for a request.</summary>
    internal void MessagesReused(int count) => _messages.Hits(count);

    /// <summary>Counts a use of tools the body scan recognised (<see cref="Known"/>).</summary>
    internal CachedTools Reuse(CachedTools entry) => _tools.Hit(entry);

    /// <summary>Counts a use of a system prompt the body scan recognised (<see cref="Known"/>).</summary>
    internal CachedSystem Reuse(CachedSystem entry) => _system.Hit(entry);

    internal void AddMessage(ReadOnlySpan<byte> message, Anthropic.InputMessage parsed) => _messages.Add(message, parsed);

    /// <summary>The first <see cref="MinCachedMessage"/> bytes' hash: where a message is looked up by the bytes it starts with.</summary>
    private static int PrefixHash(ReadOnlySpan<byte> bytes)
    {
        var hash = default(HashCode);
        hash.AddBytes(bytes[..MinCachedMessage]);
        return hash.ToHashCode();
    }

    private object? RecentValue(ReadOnlySpan<byte> name, ReadOnlySpan<byte> rest, out int length)
    {
        ICachedSource? entry = name.SequenceEqual("tools"u8) ? _tools.TryPrefix(rest)
            : name.SequenceEqual("system"u8) ? _system.TryPrefix(rest)
            : null;
        length = entry?.Source.Length ?? 0;
        return entry;
    }

    private sealed class Part<T>
        where T : class, ICachedSource
    {
        // The last few entries hit or added, tried first by the body scan (TryPrefix): most clients resend one tool list.
        private readonly T?[] _recent = new T?[4];
        private int _nextRecent;
        private readonly ConcurrentDictionary<byte[], T> _entries = new(BytesComparer.Instance);
        private readonly ConcurrentDictionary<byte[], T>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
        private readonly int _capacity;
        private long _hits;
        private long _misses;

        public Part(int capacity)
        {
            _capacity = capacity;
            _lookup = _entries.GetAlternateLookup<ReadOnlySpan<byte>>();
        }

        public int Count => _entries.Count;

        public long Hits => Interlocked.Read(ref _hits);

        public long Misses => Interlocked.Read(ref _misses);

        public bool TryGet(ReadOnlySpan<byte> key, out T entry)
        {
            if (_lookup.TryGetValue(key, out entry!))
            {
                Interlocked.Increment(ref _hits);
                Remember(entry);
                return true;
            }

            Interlocked.Increment(ref _misses);
            return false;
        }

        public void Add(byte[] key, T entry)
        {
            while (_entries.Count >= _capacity)
            {
                using var e = _entries.Keys.GetEnumerator();
                if (!e.MoveNext())
                {
                    break;
                }

                _entries.TryRemove(e.Current, out _);
            }

            if (_entries.TryAdd(key, entry))
            {
                Remember(entry);
            }
        }

        /// <summary>A recent entry whose complete JSON value <paramref name="rest"/> starts with (counted when used: <see cref="Hit"/>).</summary>
        public T? TryPrefix(ReadOnlySpan<byte> rest)
        {
            for (int i = 0; i < _recent.Length; i++)
            {
                // Only arrays, objects and strings: their bytes say where they end (a number's prefix could go on).
                // An entry evicted since is still a correct translation of its bytes.
                if (Volatile.Read(ref _recent[i]) is { } entry
                    && entry.Source is [(byte)'[' or (byte)'{' or (byte)'"', ..] && rest.StartsWith(entry.Source))
                {
                    return entry;
                }
            }

            return null;
        }

        /// <summary>Counts a use of an entry <see cref="TryPrefix"/> recognised.</summary>
        public T Hit(T entry)
        {
            Interlocked.Increment(ref _hits);
            return entry;
        }

        private void Remember(T entry)
        {
            foreach (var recent in _recent)
            {
                if (ReferenceEquals(recent, entry))
                {
                    return;
                }
            }

            Volatile.Write(ref _recent[(Interlocked.Increment(ref _nextRecent) & int.MaxValue) % _recent.Length], entry);
        }
    }

    /// <summary>
    /// Parsed messages by their bytes, bounded by total size (past it, all are dropped and it fills again). Found by
    /// the bytes a message starts with: the first <see cref="MinCachedMessage"/> bytes pick the candidates, a full
    /// comparison decides — so the body scan recognises a known message where it starts, without scanning it.
    /// </summary>
    private sealed class MessagePart(long maxBytes)
    {
        private readonly ConcurrentDictionary<int, CachedMessage[]> _byPrefix = new();
        private readonly Lock _gate = new();
        private int _count;
        private long _bytes;
        private long _hits;

        public int Count => Volatile.Read(ref _count);

        public long Bytes => Interlocked.Read(ref _bytes);

        public long HitCount => Interlocked.Read(ref _hits);

        public CachedMessage? At(ReadOnlySpan<byte> rest)
        {
            if (rest.Length < MinCachedMessage || !_byPrefix.TryGetValue(PrefixHash(rest), out var candidates))
            {
                return null;
            }

            foreach (var candidate in candidates)
            {
                if (rest.StartsWith(candidate.Source))
                {
                    return candidate;
                }
            }

            return null;
        }

        public void Hits(int count) => Interlocked.Add(ref _hits, count);

        public void Add(ReadOnlySpan<byte> message, Anthropic.InputMessage parsed)
        {
            if (message.Length > maxBytes || message.Length < MinCachedMessage)
            {
                return;
            }

            if (Interlocked.Read(ref _bytes) + message.Length > maxBytes)
            {
                lock (_gate)
                {
                    if (Interlocked.Read(ref _bytes) + message.Length > maxBytes)
                    {
                        _byPrefix.Clear();
                        Interlocked.Exchange(ref _bytes, 0);
                        Volatile.Write(ref _count, 0);
                    }
                }
            }

            var entry = new CachedMessage(message.ToArray(), parsed, TokenEstimator.EstimateMessage(parsed));
            bool added = false;
            _byPrefix.AddOrUpdate(
                PrefixHash(message),
                _ =>
                {
                    added = true;
                    return [entry];
                },
                (_, existing) =>
                {
                    foreach (var e in existing)
                    {
                        if (e.Source.AsSpan().SequenceEqual(entry.Source))
                        {
                            added = false;
                            return existing;
                        }
                    }

                    added = true;
                    return [.. existing, entry];
                });
            if (added)
            {
                Interlocked.Add(ref _bytes, message.Length);
                Interlocked.Increment(ref _count);
            }
        }
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

/// <summary>A message read before (<see cref="TranslationCache"/>).</summary>
/// <param name="Source">The message's JSON, byte for byte (the key).</param>
/// <param name="Parsed">The message as read (shared, never modified).</param>
/// <param name="Tokens">Its token estimate (<see cref="TokenEstimator.EstimateMessage"/>).</param>
internal sealed record CachedMessage(byte[] Source, Anthropic.InputMessage Parsed, long Tokens) : ICachedSource;

/// <summary>One cached translation of a <c>system</c> prompt.</summary>
/// <param name="Source">The Anthropic <c>system</c> value, byte for byte (the key).</param>
/// <param name="Text">The system text sent upstream, or null when there is none (only blank blocks).</param>
/// <param name="Notes">The conversion notes the system blocks produced.</param>
/// <param name="Tokens">The token estimate of the system prompt.</param>
internal sealed record CachedSystem(byte[] Source, string? Text, ConversionNote[] Notes, long Tokens) : ICachedSource;

/// <summary>A cache entry: the exact bytes of the JSON value it translates.</summary>
internal interface ICachedSource
{
    /// <summary>The value's bytes (a complete JSON value that a full parse accepted).</summary>
    byte[] Source { get; }
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
    long Tokens) : ICachedSource
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
