using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Protocols.Generators.Parsing;

/// <summary>JSON and schema names → C# identifiers.</summary>
internal static class Naming
{
    private static readonly HashSet<string> Keywords = new()
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
        "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
        "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
    };

    /// <summary>PascalCase from snake_case, kebab-case, dotted or mixed names: <c>stop_sequence</c> → <c>StopSequence</c>.</summary>
    public static string Pascal(string name)
    {
        var sb = new StringBuilder(name.Length);
        bool upper = true;
        foreach (char c in name)
        {
            if (char.IsLetterOrDigit(c) && c < 128)
            {
                sb.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            else
            {
                upper = true;
            }
        }

        if (sb.Length == 0)
        {
            return "Empty";
        }

        if (char.IsDigit(sb[0]))
        {
            sb.Insert(0, 'V');
        }

        return sb.ToString();
    }

    /// <summary>camelCase, escaped when it is a keyword.</summary>
    public static string Camel(string pascal)
    {
        var camel = char.ToLowerInvariant(pascal[0]).ToString(CultureInfo.InvariantCulture) + pascal.Substring(1);
        return Keywords.Contains(camel) ? "@" + camel : camel;
    }

    /// <summary>A C# string literal.</summary>
    public static string Literal(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 32)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }

    /// <summary>A UTF-8 string literal (<c>"…"u8</c>).</summary>
    public static string Utf8Literal(string value) => Literal(value) + "u8";

    /// <summary>Shortens a schema description for an XML doc summary: first paragraph, at most ~300 characters, escaped.</summary>
    public static string? Doc(string? description)
    {
        if (description is null)
        {
            return null;
        }

        var text = description.Replace("\r\n", "\n").Trim();
        int para = text.IndexOf("\n\n", System.StringComparison.Ordinal);
        if (para > 0)
        {
            text = text.Substring(0, para);
        }

        text = text.Replace('\n', ' ');
        if (text.Length > 300)
        {
            int cut = text.LastIndexOf(". ", 300, System.StringComparison.Ordinal);
            text = cut > 80 ? text.Substring(0, cut + 1) : text.Substring(0, 297) + "...";
        }

        text = text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
        return text.Length == 0 ? null : text;
    }
}
