using System.Linq;
using Protocols.Generators.Model;
using Protocols.Generators.Parsing;

namespace Protocols.Generators.Emit;

/// <summary>Emits an extensible enum: a readonly struct with the known values as static members; unknown values are kept.</summary>
internal static class EnumEmitter
{
    // Beyond this many values, matching each against the reader's bytes costs more than one string.
    private const int MaxInternedValues = 32;

    public static string Emit(TypeSpec type)
    {
        var w = SourceWriter.File(type.Namespace);
        var name = type.Name;
        w.Summary(type.Doc, "The <c>" + type.Origin + "</c> values.");
        w.Line("/// <remarks>Extensible: values the spec does not list are kept as read (see <see cref=\"IsKnown\"/>).</remarks>");
        w.Line(Code.GeneratedCode);
        w.Open("public readonly partial struct " + name + " : global::System.IEquatable<" + name + ">, global::Protocols.Core.IJsonModel<" + name + ">");
        w.Line("private readonly string? _value;");
        w.Line();
        w.Line("/// <summary>Creates a value; any string is accepted.</summary>");
        w.Line("/// <param name=\"value\">The wire value.</param>");
        w.Line("/// <exception cref=\"global::System.ArgumentNullException\"><paramref name=\"value\"/> is null.</exception>");
        w.Line("public " + name + "(string value) => _value = value ?? throw new global::System.ArgumentNullException(nameof(value));");
        w.Line();
        foreach (var v in type.Values)
        {
            w.Summary(v.Doc, "<c>" + Esc(v.Value) + "</c>");
            w.Line("public static " + name + " " + v.CsName + " { get; } = new(" + Naming.Literal(v.Value) + ");");
            w.Line();
        }

        w.Line("/// <summary>Every value this version of the spec lists.</summary>");
        w.Line("public static global::System.Collections.Generic.IReadOnlyList<" + name + "> KnownValues { get; } = new " + name + "[] { " + string.Join(", ", type.Values.Select(v => v.CsName)) + " };");
        w.Line();
        w.Line("/// <summary>The wire value.</summary>");
        w.Line("public string Value => _value ?? string.Empty;");
        w.Line();
        w.Line("/// <summary>Whether this version of the spec lists the value.</summary>");
        w.Open("public bool IsKnown => Value switch");
        foreach (var v in type.Values)
        {
            w.Line(Naming.Literal(v.Value) + " => true,");
        }

        w.Line("_ => false,");
        w.Close(";");
        w.Line();
        w.Line("/// <summary>Reads the value (a JSON string).</summary>");
        w.Line("/// <param name=\"reader\">The reader.</param>");
        w.Line("/// <returns>The value.</returns>");
        w.Open("public static " + name + " ReadFrom(ref " + Code.Reader + " reader)");
        w.Open("if (reader.TokenType != " + Code.Token + ".String)");
        w.Line("throw " + Code.Read + ".Mismatch(ref reader, \"string\");");
        w.Close();
        w.Line();
        if (type.Values.Count <= MaxInternedValues)
        {
            // Known values come back as the shared instances: no string allocated per read.
            foreach (var v in type.Values)
            {
                w.Open("if (reader.ValueTextEquals(" + Naming.Utf8Literal(v.Value) + "))");
                w.Line("return " + v.CsName + ";");
                w.Close();
            }

            w.Line();
        }

        w.Line("return new(reader.GetString()!);");
        w.Close();
        w.Line();
        w.Line("/// <summary>Writes the value as a JSON string.</summary>");
        w.Line("/// <param name=\"writer\">The writer.</param>");
        w.Line("public void WriteTo(" + Code.Writer + " writer) => writer.WriteStringValue(Value);");
        w.Line();
        w.Line("/// <summary>Calls the function for the value; a value added to the spec adds a parameter, so no caller misses it.</summary>");
        w.Line("/// <typeparam name=\"TResult\">The result type.</typeparam>");
        foreach (var v in type.Values)
        {
            w.Line("/// <param name=\"on" + v.CsName + "\">Handles <c>" + Esc(v.Value) + "</c>.</param>");
        }

        w.Line("/// <param name=\"onUnknown\">Handles values the spec does not list.</param>");
        w.Line("/// <returns>What the chosen function returns.</returns>");
        var parameters = type.Values.Select(v => "global::System.Func<TResult> on" + v.CsName).ToList();
        parameters.Add("global::System.Func<" + name + ", TResult> onUnknown");
        w.Open("public TResult Match<TResult>(" + string.Join(", ", parameters) + ")");
        w.Open("return Value switch");
        foreach (var v in type.Values)
        {
            w.Line(Naming.Literal(v.Value) + " => on" + v.CsName + "(),");
        }

        w.Line("_ => onUnknown(this),");
        w.Close(";");
        w.Close();
        w.Line();
        w.Line("/// <summary>Converts a wire value.</summary>");
        w.Line("/// <param name=\"value\">The wire value.</param>");
        w.Line("public static implicit operator " + name + "(string value) => new(value);");
        w.Line();
        w.Line("/// <summary>Compares wire values (ordinal).</summary>");
        w.Line("/// <param name=\"left\">A value.</param>");
        w.Line("/// <param name=\"right\">A value.</param>");
        w.Line("/// <returns>True when equal.</returns>");
        w.Line("public static bool operator ==(" + name + " left, " + name + " right) => left.Equals(right);");
        w.Line();
        w.Line("/// <summary>Compares wire values (ordinal).</summary>");
        w.Line("/// <param name=\"left\">A value.</param>");
        w.Line("/// <param name=\"right\">A value.</param>");
        w.Line("/// <returns>True when different.</returns>");
        w.Line("public static bool operator !=(" + name + " left, " + name + " right) => !left.Equals(right);");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line("public bool Equals(" + name + " other) => string.Equals(Value, other.Value, global::System.StringComparison.Ordinal);");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line("public override bool Equals(object? obj) => obj is " + name + " other && Equals(other);");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line("public override int GetHashCode() => global::System.StringComparer.Ordinal.GetHashCode(Value);");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line("public override string ToString() => Value;");
        w.Close();
        return w.ToString();
    }

    private static string Esc(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
