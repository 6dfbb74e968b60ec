using System.Text.Json;

namespace Protocols.Core;

/// <summary>A value the generated code can write with a <see cref="Utf8JsonWriter"/>, without reflection.</summary>
public interface IJsonWritable
{
    /// <summary>Writes this value as JSON.</summary>
    /// <param name="writer">The writer to write to.</param>
    void WriteTo(Utf8JsonWriter writer);
}

/// <summary>A generated model that reads itself from a <see cref="Utf8JsonReader"/>.</summary>
/// <typeparam name="TSelf">The model type.</typeparam>
public interface IJsonModel<TSelf> : IJsonWritable
    where TSelf : IJsonModel<TSelf>
{
    /// <summary>Reads one value; the reader is positioned on its first token and left on its last.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The value read.</returns>
    /// <exception cref="ProtocolJsonException">The JSON does not match the schema; the message names the path.</exception>
    static abstract TSelf ReadFrom(ref Utf8JsonReader reader);
}

/// <summary>Reads one value of <typeparamref name="T"/>; the reader is positioned on its first token.</summary>
/// <typeparam name="T">The value type.</typeparam>
/// <param name="reader">The reader.</param>
/// <returns>The value.</returns>
public delegate T JsonReadFunc<out T>(ref Utf8JsonReader reader);
