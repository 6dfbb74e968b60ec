namespace Protocols.Benchmarks;

/// <summary>What the smoke check and the report columns need from every benchmark class.</summary>
public interface ITranslationBenchmark
{
    /// <summary>The input bytes (for the stream: the chunk payloads, see <see cref="InputBytes"/>).</summary>
    ReadOnlyMemory<byte> Input { get; }

    /// <summary>The size of the input the allocation target is relative to.</summary>
    long InputBytes => Input.Length;

    /// <summary>What the last benchmark call wrote.</summary>
    ReadOnlyMemory<byte> Output { get; }

    /// <summary>The benchmark method that is the floor.</summary>
    int Floor();

    /// <summary>The benchmark method that parses, translates and serializes.</summary>
    int Translate();
}
