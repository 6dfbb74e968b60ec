using Protocols.Generators.Model;

namespace Protocols.Generators.Emit;

/// <summary>C# fragments for a <see cref="TypeRef"/>: its type, how to read it, how to write it.</summary>
internal static class Code
{
    public const string Reader = "global::System.Text.Json.Utf8JsonReader";
    public const string Writer = "global::System.Text.Json.Utf8JsonWriter";
    public const string Token = "global::System.Text.Json.JsonTokenType";
    public const string Read = "global::Protocols.Core.JsonRead";
    public const string Collections = "global::Protocols.Core.JsonCollections";

    /// <summary>String writing (<c>JsonWrite.String</c>: the writer's bytes, fast for long escaped text).</summary>
    public const string Write = "global::Protocols.Core.JsonWrite";
    public const string Element = "global::System.Text.Json.JsonElement";
    public const string GeneratedCode = "[global::System.CodeDom.Compiler.GeneratedCode(\"Protocols.Generators\", \"0.1.0\")]";

    public static bool IsValueType(TypeRef t) => t.Kind switch
    {
        RefKind.Int64 or RefKind.Double or RefKind.Boolean or RefKind.Any => true,
        RefKind.Named => t.IsValueType,
        _ => false,
    };

    /// <summary>The C# type, without a nullable marker.</summary>
    public static string Type(TypeRef t) => t.Kind switch
    {
        RefKind.String => "string",
        RefKind.Int64 => "long",
        RefKind.Double => "double",
        RefKind.Boolean => "bool",
        RefKind.Any => Element,
        RefKind.Named => t.Name!,
        RefKind.Array => "global::System.Collections.Generic.List<" + ElementType(t.Element!) + ">",
        RefKind.Map => "global::System.Collections.Generic.Dictionary<string, " + ElementType(t.Element!) + ">",
        _ => Element,
    };

    public static string ElementType(TypeRef t) => Type(t) + (t.Nullable ? "?" : string.Empty);

    public static string Nullable(TypeRef t) => Type(t) + "?";

    /// <summary>An expression reading a non-null value with reader variable <paramref name="r"/>.</summary>
    public static string ReadExpr(TypeRef t, string r) => t.Kind switch
    {
        RefKind.String => Read + ".String(ref " + r + ")",
        RefKind.Int64 => Read + ".Int64(ref " + r + ")",
        RefKind.Double => Read + ".Double(ref " + r + ")",
        RefKind.Boolean => Read + ".Boolean(ref " + r + ")",
        RefKind.Any => Read + (t.ObjectOnly ? ".ObjectElement(ref " : ".Element(ref ") + r + ")",
        RefKind.Named => t.Name + ".ReadFrom(ref " + r + ")",
        RefKind.Array => Collections + ".ReadList(ref " + r + ", " + ReadFunc(t.Element!) + ")",
        RefKind.Map => Collections + ".ReadMap(ref " + r + ", " + ReadFunc(t.Element!) + ")",
        _ => Read + ".Element(ref " + r + ")",
    };

    /// <summary>A <c>JsonReadFunc&lt;T&gt;</c> for an element.</summary>
    public static string ReadFunc(TypeRef t)
    {
        if (!t.Nullable)
        {
            return t.Kind switch
            {
                RefKind.String => Read + ".String",
                RefKind.Int64 => Read + ".Int64",
                RefKind.Double => Read + ".Double",
                RefKind.Boolean => Read + ".Boolean",
                RefKind.Any => Read + (t.ObjectOnly ? ".ObjectElement" : ".Element"),
                RefKind.Named => t.Name + ".ReadFrom",
                _ => "static (ref " + Reader + " r) => " + ReadExpr(t, "r"),
            };
        }

        return "static (ref " + Reader + " r) => r.TokenType == " + Token + ".Null ? default(" + Nullable(t) + ") : (" + Nullable(t) + ")" + ReadExpr(t with { Nullable = false }, "r");
    }

    /// <summary>A statement writing the non-null value <paramref name="v"/> with writer <paramref name="w"/>.</summary>
    public static string WriteStmt(TypeRef t, string v, string w) => t.Kind switch
    {
        RefKind.String => Write + ".String(" + w + ", " + v + ");",
        RefKind.Int64 or RefKind.Double => w + ".WriteNumberValue(" + v + ");",
        RefKind.Boolean => w + ".WriteBooleanValue(" + v + ");",
        RefKind.Any => Write + ".Element(" + w + ", " + v + ");",
        RefKind.Named => v + ".WriteTo(" + w + ");",
        RefKind.Array => Collections + ".WriteList(" + w + ", " + v + ", " + WriteFunc(t.Element!) + ");",
        RefKind.Map => Collections + ".WriteMap(" + w + ", " + v + ", " + WriteFunc(t.Element!) + ");",
        _ => v + ".WriteTo(" + w + ");",
    };

    /// <summary>An <c>Action&lt;Utf8JsonWriter, T&gt;</c> for an element.</summary>
    public static string WriteFunc(TypeRef t)
    {
        var inner = WriteStmt(t with { Nullable = false }, t.Nullable && IsValueType(t) ? "x.Value" : "x", "w");
        return t.Nullable
            ? "static (w, x) => { if (x is null) { w.WriteNullValue(); } else { " + inner + " } }"
            : "static (w, x) => " + inner.TrimEnd(';');
    }
}
