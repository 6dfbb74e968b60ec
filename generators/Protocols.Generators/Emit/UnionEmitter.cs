using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Protocols.Generators.Model;
using Protocols.Generators.Parsing;

namespace Protocols.Generators.Emit;

/// <summary>Emits unions: tagged ones as an interface plus an unknown variant; untagged ones as a shape union class.</summary>
internal static class UnionEmitter
{
    public static string EmitTagged(TypeSpec type)
    {
        var w = SourceWriter.File(type.Namespace);
        var tag = type.TagMember!;
        var unknown = type.UnknownName!;
        var variants = type.Variants;

        w.Summary(type.Doc, "The <c>" + type.Origin + "</c> union, chosen by its <c>" + tag + "</c> member.");
        w.Line("/// <remarks>Variants: " + string.Join(", ", variants.Select(v => "<see cref=\"" + v.Name + "\"/>")) + (variants.Count > 0 ? ", " : string.Empty) + "and <see cref=\"" + unknown + "\"/> for tags this version of the spec does not know.</remarks>");
        w.Line(Code.GeneratedCode);
        w.Open("public partial interface " + type.Name + " : global::Protocols.Core.IJsonWritable");
        w.Line("/// <summary>Reads one variant, chosen by the <c>" + tag + "</c> member wherever it appears in the object; unknown tags keep the raw JSON.</summary>");
        w.Line("/// <param name=\"reader\">The reader, on the start-object token.</param>");
        w.Line("/// <returns>The variant.</returns>");
        w.Open("static " + type.Name + " ReadFrom(ref " + Code.Reader + " reader)");
        w.Line(Code.Read + ".Expect(ref reader, " + Code.Token + ".StartObject, \"object\");");
        w.Open("switch (" + Code.Read + ".PeekString(in reader, " + Naming.Utf8Literal(tag) + "))");
        foreach (var v in variants)
        {
            foreach (var t in v.Tags)
            {
                w.Line("case " + Naming.Literal(t) + ":");
            }

            if (v.IsDefault)
            {
                w.Line("case null:");
            }

            w.Indent().Line("return " + v.Type.Name + ".ReadFrom(ref reader);").Outdent();
        }

        w.Line("default:");
        w.Indent().Line("return " + unknown + ".ReadFrom(ref reader);").Outdent();
        w.Close();
        w.Close();
        w.Line();

        // Exhaustive match: a variant the vendor adds tomorrow adds a parameter here, so every caller
        // stops compiling until it says what to do with it.
        w.Line("/// <summary>Calls the function for the variant <paramref name=\"value\"/> is; adding a variant to the spec adds a parameter, so no caller misses it.</summary>");
        w.Line("/// <typeparam name=\"TResult\">The result type.</typeparam>");
        w.Line("/// <param name=\"value\">The value.</param>");
        foreach (var v in variants)
        {
            w.Line("/// <param name=\"on" + v.Name + "\">Handles <see cref=\"" + v.Name + "\"/>.</param>");
        }

        w.Line("/// <param name=\"unknown\">Handles tags the spec does not know.</param>");
        w.Line("/// <returns>What the chosen function returns.</returns>");
        var parameters = variants.Select(v => "global::System.Func<" + v.Type.Name + ", TResult> on" + v.Name).ToList();
        parameters.Add("global::System.Func<" + unknown + ", TResult> unknown");
        w.Open("static TResult Match<TResult>(" + type.Name + " value, " + string.Join(", ", parameters) + ")");
        w.Open("return value switch");
        foreach (var v in variants)
        {
            w.Line(v.Type.Name + " v => on" + v.Name + "(v),");
        }

        w.Line(unknown + " v => unknown(v),");
        w.Line("_ => throw new global::System.ArgumentException(\"Not a variant of " + type.Name + ": \" + value?.GetType().Name, nameof(value)),");
        w.Close(";");
        w.Close();
        w.Close();
        w.Line();

        w.Line("/// <summary>A <see cref=\"" + type.Name + "\"/> whose <c>" + tag + "</c> this version of the spec does not know: the raw JSON is kept and written back unchanged.</summary>");
        w.Line(Code.GeneratedCode);
        w.Open("public sealed partial class " + unknown + " : " + type.Name + ", global::Protocols.Core.IJsonModel<" + unknown + ">");
        w.Line("/// <summary>Creates the variant from raw JSON.</summary>");
        w.Line("/// <param name=\"json\">The object as read.</param>");
        w.Open("public " + unknown + "(" + Code.Element + " json)");
        w.Line("Json = json;");
        w.Line("Tag = json.ValueKind == global::System.Text.Json.JsonValueKind.Object && json.TryGetProperty(" + Naming.Utf8Literal(tag) + ", out var t) && t.ValueKind == global::System.Text.Json.JsonValueKind.String ? t.GetString() : null;");
        w.Close();
        w.Line();
        w.Line("/// <summary>The <c>" + tag + "</c> value read, if any.</summary>");
        w.Line("public string? Tag { get; }");
        w.Line();
        w.Line("/// <summary>The whole object as read.</summary>");
        w.Line("public " + Code.Element + " Json { get; }");
        w.Line();
        w.Line("/// <summary>Reads the object as raw JSON.</summary>");
        w.Line("/// <param name=\"reader\">The reader.</param>");
        w.Line("/// <returns>The variant.</returns>");
        w.Line("public static " + unknown + " ReadFrom(ref " + Code.Reader + " reader) => new(" + Code.Read + ".Element(ref reader));");
        w.Line();
        w.Line("/// <summary>Writes the raw JSON back unchanged.</summary>");
        w.Line("/// <param name=\"writer\">The writer.</param>");
        w.Line("public void WriteTo(" + Code.Writer + " writer) => " + Code.Write + ".Element(writer, Json);");
        w.Close();
        return w.ToString();
    }

    public static string EmitShape(TypeSpec type)
    {
        var w = SourceWriter.File(type.Namespace);
        var variants = type.Variants;
        var name = type.Name;
        var typeCounts = variants.GroupBy(v => Code.Type(v.Type)).ToDictionary(g => g.Key, g => g.Count());

        w.Summary(type.Doc, "The <c>" + type.Origin + "</c> union: one of " + string.Join(", ", variants.Select(v => v.Name)) + ".");
        w.Line(Code.GeneratedCode);
        w.Open("public sealed partial class " + name + " : global::Protocols.Core.IJsonModel<" + name + ">");
        w.Line("private readonly object _value;");
        w.Line();
        w.Line("private " + name + "(object value, VariantKind kind)");
        w.Line("{");
        w.Line("    _value = value;");
        w.Line("    Kind = kind;");
        w.Line("}");
        w.Line();
        w.Line("/// <summary>Which variant a value holds.</summary>");
        w.Open("public enum VariantKind");
        foreach (var v in variants)
        {
            w.Line("/// <summary>A " + v.Shape.ToString().ToLowerInvariant() + " (<c>" + Esc(Code.Type(v.Type)) + "</c>).</summary>");
            w.Line(v.Name + ",");
        }

        w.Close();
        w.Line();
        w.Line("/// <summary>Which variant this value holds.</summary>");
        w.Line("public VariantKind Kind { get; }");
        w.Line();

        foreach (var v in variants)
        {
            var t = Code.Type(v.Type);
            w.Line("/// <summary>Creates the " + v.Name + " variant.</summary>");
            w.Line("/// <param name=\"value\">The value.</param>");
            w.Line("/// <returns>The union value.</returns>");
            var boxed = Code.IsValueType(v.Type) ? "value" : "value ?? throw new global::System.ArgumentNullException(nameof(value))";
            w.Line("public static " + name + " From" + v.Name + "(" + t + " value) => new(" + boxed + ", VariantKind." + v.Name + ");");
            w.Line();
            if (typeCounts[t] == 1 && !v.Type.IsInterface)
            {
                w.Line("/// <summary>Wraps a value as the " + v.Name + " variant.</summary>");
                w.Line("/// <param name=\"value\">The value.</param>");
                w.Line("public static implicit operator " + name + "(" + t + " value) => From" + v.Name + "(value);");
                w.Line();
            }

            w.Line("/// <summary>Whether this is the " + v.Name + " variant.</summary>");
            w.Line("public bool Is" + v.Name + " => Kind == VariantKind." + v.Name + ";");
            w.Line();
            w.Line("/// <summary>The " + v.Name + " variant, or null when this is another one.</summary>");
            w.Line("public " + t + "? As" + v.Name + " => Kind == VariantKind." + v.Name + " ? (" + t + ")_value : default;");
            w.Line();
        }

        // Reader: by JSON token kind; objects by their required members.
        w.Line("/// <summary>Reads the variant the JSON shape selects.</summary>");
        w.Line("/// <param name=\"reader\">The reader, on the value's first token.</param>");
        w.Line("/// <returns>The union value.</returns>");
        w.Open("public static " + name + " ReadFrom(ref " + Code.Reader + " reader)");
        w.Open("switch (reader.TokenType)");
        EmitTokenCase(w, "String", variants.Where(v => v.Shape == ShapeKind.String));
        EmitTokenCase(w, "StartArray", variants.Where(v => v.Shape == ShapeKind.Array));
        EmitTokenCase(w, "True", variants.Where(v => v.Shape == ShapeKind.Boolean), "False");
        var integers = variants.Where(v => v.Shape == ShapeKind.Integer).ToList();
        var numbers = variants.Where(v => v.Shape == ShapeKind.Number).ToList();
        if (integers.Count > 0 || numbers.Count > 0)
        {
            w.Line("case " + Code.Token + ".Number:");
            w.Indent();
            if (integers.Count > 0 && numbers.Count > 0)
            {
                w.Line("return reader.TryGetInt64(out _) ? From" + integers[0].Name + "(" + Code.ReadExpr(integers[0].Type, "reader") + ") : From" + numbers[0].Name + "(" + Code.ReadExpr(numbers[0].Type, "reader") + ");");
            }
            else
            {
                var v = integers.Count > 0 ? integers[0] : numbers[0];
                w.Line("return From" + v.Name + "(" + Code.ReadExpr(v.Type, "reader") + ");");
            }

            w.Outdent();
        }

        var objects = variants.Where(v => v.Shape == ShapeKind.Object).OrderByDescending(v => v.RequiredMembers.Count).ToList();
        if (objects.Count > 0)
        {
            w.Line("case " + Code.Token + ".StartObject:");
            w.Indent();
            for (int i = 0; i < objects.Count; i++)
            {
                var v = objects[i];
                var ret = "return From" + v.Name + "(" + Code.ReadExpr(v.Type, "reader") + ");";
                if (i == objects.Count - 1 || v.RequiredMembers.Count == 0)
                {
                    w.Line(ret);
                    break;
                }

                w.Open("if (" + Code.Read + ".HasMembers(in reader, " + string.Join(", ", v.RequiredMembers.Select(Naming.Literal)) + "))");
                w.Line(ret);
                w.Close();
            }

            w.Outdent();
        }

        w.Close();
        w.Line();
        var expected = string.Join(" or ", variants.Select(v => v.Shape.ToString().ToLowerInvariant()).Distinct());
        w.Line("throw " + Code.Read + ".Mismatch(ref reader, " + Naming.Literal(expected) + ");");
        w.Close();
        w.Line();

        w.Line("/// <summary>Writes the held variant.</summary>");
        w.Line("/// <param name=\"writer\">The writer.</param>");
        w.Open("public void WriteTo(" + Code.Writer + " writer)");
        w.Open("switch (Kind)");
        foreach (var v in variants)
        {
            w.Line("case VariantKind." + v.Name + ":");
            w.Indent();
            w.Line(Code.WriteStmt(v.Type, "((" + Code.Type(v.Type) + ")_value)", "writer"));
            w.Line("break;");
            w.Outdent();
        }

        w.Close();
        w.Close();
        w.Line();

        w.Line("/// <summary>Calls the function for the held variant; a new variant in the spec adds a parameter, so no caller misses it.</summary>");
        w.Line("/// <typeparam name=\"TResult\">The result type.</typeparam>");
        foreach (var v in variants)
        {
            w.Line("/// <param name=\"on" + v.Name + "\">Handles the " + v.Name + " variant.</param>");
        }

        w.Line("/// <returns>What the chosen function returns.</returns>");
        w.Open("public TResult Match<TResult>(" + string.Join(", ", variants.Select(v => "global::System.Func<" + Code.Type(v.Type) + ", TResult> on" + v.Name)) + ")");
        w.Open("return Kind switch");
        foreach (var v in variants)
        {
            w.Line("VariantKind." + v.Name + " => on" + v.Name + "((" + Code.Type(v.Type) + ")_value),");
        }

        w.Line("_ => throw new global::System.InvalidOperationException(\"Unknown variant.\"),");
        w.Close(";");
        w.Close();
        w.Close();
        return w.ToString();
    }

    private static void EmitTokenCase(SourceWriter w, string token, IEnumerable<VariantSpec> candidates, string? alsoToken = null)
    {
        var v = candidates.FirstOrDefault();
        if (v is null)
        {
            return;
        }

        w.Line("case " + Code.Token + "." + token + ":");
        if (alsoToken is not null)
        {
            w.Line("case " + Code.Token + "." + alsoToken + ":");
        }

        w.Indent().Line("return From" + v.Name + "(" + Code.ReadExpr(v.Type, "reader") + ");").Outdent();
    }

    private static string Esc(string s) => s.Replace("<", "&lt;").Replace(">", "&gt;");

    internal static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
}
