using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Protocols.Generators.Model;
using Protocols.Generators.Parsing;

namespace Protocols.Generators.Emit;

/// <summary>Emits a schema object: a sealed partial class with exact nullability, unknown members kept, and a reader/writer.</summary>
internal static class ObjectEmitter
{
    public static string Emit(TypeSpec type)
    {
        var w = SourceWriter.File(type.Namespace);
        var props = type.Properties;
        var optional = props.Where(p => !p.Required).ToList();
        var tracked = props.Where(p => p.Required && !IsConst(p)).ToList();

        w.Summary(type.Doc, "The <c>" + type.Origin + "</c> schema.");
        w.Line(Code.GeneratedCode);
        var bases = new List<string> { "global::Protocols.Core.IJsonModel<" + type.Name + ">" };
        bases.AddRange(type.Interfaces);
        w.Open("public sealed partial class " + type.Name + " : " + string.Join(", ", bases));

        for (int i = 0; i < (optional.Count + 63) / 64; i++)
        {
            w.Line("private ulong _explicitNulls" + i.ToString(CultureInfo.InvariantCulture) + ";");
        }

        if (optional.Count > 0)
        {
            w.Line();
        }

        foreach (var p in props)
        {
            EmitProperty(w, p);
        }

        w.Line("/// <summary>Members the schema does not name, kept as read so they are written back unchanged.</summary>");
        w.Line("public global::System.Collections.Generic.IDictionary<string, " + Code.Element + ">? AdditionalProperties { get; set; }");
        w.Line();

        EmitNulls(w, optional);
        EmitRead(w, type, optional, tracked);
        EmitWrite(w, type, optional);
        w.Close();
        return w.ToString();
    }

    private static bool IsConst(PropertySpec p) => p.Required && p.Type.Const is not null && p.Type.Kind == RefKind.String;

    private static string PropertyType(PropertySpec p) =>
        p.Required && !p.Type.Nullable ? Code.Type(p.Type) : Code.Nullable(p.Type);

    private static void EmitProperty(SourceWriter w, PropertySpec p)
    {
        var fallback = "The <c>" + p.JsonName + "</c> member" + (p.Required ? " (required" + (p.Type.Nullable ? ", may be null" : string.Empty) + ")." : ".");
        w.Summary(p.Doc, fallback);
        if (IsConst(p))
        {
            w.Line("public string " + p.CsName + " => " + Naming.Literal(p.Type.Const!) + ";");
        }
        else
        {
            w.Line("public " + (p.Required ? "required " : string.Empty) + PropertyType(p) + " " + p.CsName + " { get; set; }");
        }

        w.Line();
    }

    private static void EmitNulls(SourceWriter w, List<PropertySpec> optional)
    {
        w.Line("/// <summary>Whether an optional member was (or is to be) written as an explicit JSON <c>null</c> rather than left out.</summary>");
        w.Line("/// <param name=\"jsonName\">The JSON member name.</param>");
        w.Line("/// <returns>True when the member is an explicit null.</returns>");
        w.Open("public bool IsExplicitNull(string jsonName)");
        w.Open("return jsonName switch");
        for (int i = 0; i < optional.Count; i++)
        {
            var p = optional[i];
            w.Line(Naming.Literal(p.JsonName) + " => " + p.CsName + " is null && (" + Field(i) + " & " + Bit(i) + ") != 0,");
        }

        w.Line("_ => false,");
        w.Close(";");
        w.Close();
        w.Line();

        w.Line("/// <summary>Marks an optional member to be written as an explicit JSON <c>null</c> while its value is null.</summary>");
        w.Line("/// <param name=\"jsonName\">The JSON member name.</param>");
        w.Line("/// <param name=\"value\">True to write <c>null</c>, false to leave the member out.</param>");
        w.Line("/// <exception cref=\"global::System.ArgumentException\">The member is unknown or required.</exception>");
        w.Open("public void SetExplicitNull(string jsonName, bool value = true)");
        w.Open("switch (jsonName)");
        for (int i = 0; i < optional.Count; i++)
        {
            w.Line("case " + Naming.Literal(optional[i].JsonName) + ": " + Field(i) + " = value ? " + Field(i) + " | " + Bit(i) + " : " + Field(i) + " & ~" + Bit(i) + "; break;");
        }

        w.Line("default: throw new global::System.ArgumentException(\"'\" + jsonName + \"' is not an optional member of " + "this type" + "\", nameof(jsonName));");
        w.Close();
        w.Close();
        w.Line();
    }

    private static string Field(int i) => "_explicitNulls" + (i / 64).ToString(CultureInfo.InvariantCulture);

    private static string Bit(int i) => "(1UL << " + (i % 64).ToString(CultureInfo.InvariantCulture) + ")";

    private static void EmitRead(SourceWriter w, TypeSpec type, List<PropertySpec> optional, List<PropertySpec> tracked)
    {
        var props = type.Properties;
        w.Line("/// <summary>Reads one <see cref=\"" + type.Name + "\"/>; the reader is on its start-object token and is left on its end.</summary>");
        w.Line("/// <param name=\"reader\">The reader.</param>");
        w.Line("/// <returns>The value.</returns>");
        w.Line("/// <exception cref=\"global::Protocols.Core.ProtocolJsonException\">The JSON does not match the schema; the message names the path.</exception>");
        w.Open("public static " + type.Name + " ReadFrom(ref " + Code.Reader + " reader)");
        w.Line(Code.Read + ".Expect(ref reader, " + Code.Token + ".StartObject, \"object\");");
        for (int i = 0; i < props.Count; i++)
        {
            if (!IsConst(props[i]))
            {
                w.Line(Code.Nullable(props[i].Type) + " p" + I(i) + " = default;");
            }
        }

        for (int i = 0; i < tracked.Count && type.StrictRequired; i++)
        {
            w.Line("bool has" + I(i) + " = false;");
        }

        for (int i = 0; i < (optional.Count + 63) / 64; i++)
        {
            w.Line("ulong nulls" + I(i) + " = 0;");
        }

        w.Line("global::System.Collections.Generic.Dictionary<string, " + Code.Element + ">? extra = null;");
        w.Open("while (true)");
        w.Line(Code.Read + ".Next(ref reader);");
        w.Open("if (reader.TokenType == " + Code.Token + ".EndObject)");
        w.Line("break;");
        w.Close();
        w.Line();
        w.Line("global::System.ReadOnlySpan<byte> name = " + Code.Read + ".PropertyName(ref reader);");
        w.Line(Code.Read + ".Next(ref reader);");
        w.Open("try");
        var byLength = props.Select((p, i) => (p, i)).GroupBy(x => System.Text.Encoding.UTF8.GetByteCount(x.p.JsonName)).OrderBy(g => g.Key).ToList();
        if (byLength.Count > 0)
        {
            w.Open("switch (name.Length)");
            foreach (var group in byLength)
            {
                w.Line("case " + group.Key.ToString(CultureInfo.InvariantCulture) + ":");
                w.Indent();
                foreach (var (p, i) in group)
                {
                    w.Open("if (global::System.MemoryExtensions.SequenceEqual(name, " + Naming.Utf8Literal(p.JsonName) + "))");
                    EmitReadValue(w, p, i, optional.IndexOf(p), tracked.IndexOf(p), type.StrictRequired);
                    w.Line("continue;");
                    w.Close();
                }

                w.Line("break;");
                w.Outdent();
            }

            w.Close();
            w.Line();
        }

        w.Line("extra ??= new global::System.Collections.Generic.Dictionary<string, " + Code.Element + ">(global::System.StringComparer.Ordinal);");
        w.Line("extra[global::System.Text.Encoding.UTF8.GetString(name)] = " + Code.Read + ".Element(ref reader);");
        w.Close();
        w.Open("catch (global::System.Exception e) when (e is global::System.Text.Json.JsonException or global::System.InvalidOperationException or global::System.FormatException)");
        w.Line("throw global::Protocols.Core.ProtocolJsonException.InMember(e, global::System.Text.Encoding.UTF8.GetString(name));");
        w.Close();
        w.Close();
        w.Line();

        // Lenient vendors (strictRequired: false) accept a missing required member and leave it at its
        // default: OpenAI-compatible backends routinely omit members the OpenAI spec requires.
        for (int i = 0; i < tracked.Count && type.StrictRequired; i++)
        {
            var p = tracked[i];
            w.Open("if (!has" + I(i) + ")");
            if (p.DefaultJson is not null && (p.DefaultJson != "null" || p.Type.Nullable))
            {
                // CUSTOM: the spec declares a default for this required member, and the wire omits it
                // (Anthropic's own API does): absent reads as that default instead of failing.
                int index = type.Properties.ToList().IndexOf(p);
                w.Line("p" + I(index) + " = " + (p.DefaultJson == "null" ? "null" : "(" + Code.Nullable(p.Type) + ")global::Protocols.Core.JsonModel.Parse(" + Naming.Utf8Literal(p.DefaultJson) + ", " + Code.ReadFunc(p.Type with { Nullable = false }) + ")") + ";");
            }
            else
            {
                w.Line("throw " + Code.Read + ".Missing(" + Naming.Literal(p.JsonName) + ");");
            }

            w.Close();
            w.Line();
        }

        w.Open("var result = new " + type.Name);
        for (int i = 0; i < props.Count; i++)
        {
            var p = props[i];
            if (IsConst(p))
            {
                continue;
            }

            string value = "p" + I(i);
            if (p.Required && !p.Type.Nullable)
            {
                value = Code.IsValueType(p.Type) ? value + ".GetValueOrDefault()" : value + "!";
            }

            w.Line(p.CsName + " = " + value + ",");
        }

        w.Line("AdditionalProperties = extra,");
        w.Close(";");
        for (int i = 0; i < (optional.Count + 63) / 64; i++)
        {
            w.Line("result._explicitNulls" + I(i) + " = nulls" + I(i) + ";");
        }

        w.Line("return result;");
        w.Close();
        w.Line();
    }

    private static void EmitReadValue(SourceWriter w, PropertySpec p, int index, int optionalIndex, int trackedIndex, bool strict)
    {
        if (IsConst(p))
        {
            // The tag is fixed by the type; its value was already used to choose it.
            w.Line("reader.Skip();");
            return;
        }

        var target = "p" + I(index);
        var read = p.JsonText ? Code.Read + ".StringOrJsonText(ref reader)" : Code.ReadExpr(p.Type with { Nullable = false }, "reader");
        if (!p.Required)
        {
            w.Open("if (reader.TokenType == " + Code.Token + ".Null)");
            w.Line("nulls" + I(optionalIndex / 64) + " |= " + Bit(optionalIndex) + ";");
            w.Close();
            w.Open("else");
            w.Line(target + " = " + read + ";");
            w.Close();
            return;
        }

        if (p.Type.Nullable)
        {
            w.Line(target + " = reader.TokenType == " + Code.Token + ".Null ? null : (" + Code.Nullable(p.Type) + ")" + read + ";");
        }
        else if (!strict)
        {
            // Lenient vendors read a required member sent as null like an absent one (left at its default):
            // backends send "finish_reason": null in a complete answer, or "delta": null in a chunk.
            w.Open("if (reader.TokenType != " + Code.Token + ".Null)");
            w.Line(target + " = " + read + ";");
            w.Close();
        }
        else
        {
            w.Line(target + " = " + read + ";");
        }

        if (strict)
        {
            w.Line("has" + I(trackedIndex) + " = true;");
        }
    }

    private static void EmitWrite(SourceWriter w, TypeSpec type, List<PropertySpec> optional)
    {
        w.Line("/// <summary>Writes this value as JSON: required members always (null where allowed), optional members only when set.</summary>");
        w.Line("/// <param name=\"writer\">The writer.</param>");
        w.Open("public void WriteTo(" + Code.Writer + " writer)");
        w.Line("writer.WriteStartObject();");

        // Tags first: readers that stream can choose the variant without looking ahead.
        foreach (var p in type.Properties.Where(IsConst))
        {
            w.Line("writer.WritePropertyName(" + Naming.Utf8Literal(p.JsonName) + ");");
            w.Line("writer.WriteStringValue(" + Naming.Utf8Literal(p.Type.Const!) + ");");
        }

        foreach (var p in type.Properties.Where(p => !IsConst(p)))
        {
            var name = "writer.WritePropertyName(" + Naming.Utf8Literal(p.JsonName) + ");";
            var value = Code.IsValueType(p.Type) && (p.Type.Nullable || !p.Required) ? p.CsName + ".Value" : p.CsName;
            var stmt = Code.WriteStmt(p.Type with { Nullable = false }, value, "writer");
            if (p.Required && Code.IsValueType(p.Type) && !p.Type.Nullable)
            {
                w.Line(name);
                w.Line(stmt);
                continue;
            }

            if (p.Required)
            {
                w.Line(name);
                w.Open("if (" + p.CsName + " is null)");
                w.Line("writer.WriteNullValue();");
                w.Close();
                w.Open("else");
                w.Line(stmt);
                w.Close();
                continue;
            }

            int o = optional.IndexOf(p);
            w.Open("if (" + p.CsName + " is not null)");
            w.Line(name);
            w.Line(stmt);
            w.Close();
            w.Open("else if ((" + Field(o) + " & " + Bit(o) + ") != 0)");
            w.Line(name);
            w.Line("writer.WriteNullValue();");
            w.Close();
        }

        w.Line("global::Protocols.Core.JsonCollections.WriteAdditional(writer, AdditionalProperties);");
        w.Line("writer.WriteEndObject();");
        w.Close();
    }

    private static string I(int i) => i.ToString(CultureInfo.InvariantCulture);
}
