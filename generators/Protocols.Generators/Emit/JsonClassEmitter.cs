using System.Collections.Generic;
using System.Linq;
using Protocols.Generators.Model;

namespace Protocols.Generators.Emit;

/// <summary>Emits the vendor's reflection-free <c>JsonSerializerOptions</c>: a type-info resolver over the generated converters.</summary>
internal static class JsonClassEmitter
{
    public static string Emit(string ns, string jsonClass, string vendor, IReadOnlyList<(string Name, TypeKind Kind, string? Unknown)> types)
    {
        var w = SourceWriter.File(ns);
        w.Line("/// <summary>JSON for the " + vendor + " types without reflection: use <see cref=\"Options\"/> or <see cref=\"TypeInfo{T}\"/> with <c>JsonSerializer</c>, or the types' own <c>ReadFrom</c>/<c>WriteTo</c>.</summary>");
        w.Line(Code.GeneratedCode);
        w.Open("public static partial class " + jsonClass);
        w.Line("/// <summary>Options whose resolver knows every generated " + vendor + " type (read-only).</summary>");
        w.Line("public static global::System.Text.Json.JsonSerializerOptions Options { get; } = CreateOptions();");
        w.Line();
        w.Line("/// <summary>The type info for <typeparamref name=\"T\"/>.</summary>");
        w.Line("/// <typeparam name=\"T\">A generated type.</typeparam>");
        w.Line("/// <returns>The type info.</returns>");
        w.Line("public static global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> TypeInfo<T>() => (global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));");
        w.Line();
        w.Open("private static global::System.Text.Json.JsonSerializerOptions CreateOptions()");
        w.Line("var options = new global::System.Text.Json.JsonSerializerOptions { TypeInfoResolver = new Resolver() };");
        w.Line("options.MakeReadOnly();");
        w.Line("return options;");
        w.Close();
        w.Line();
        w.Open("private sealed class Resolver : global::System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver");
        w.Line("private static readonly global::System.Collections.Generic.Dictionary<global::System.Type, global::System.Func<global::System.Text.Json.JsonSerializerOptions, global::System.Text.Json.Serialization.Metadata.JsonTypeInfo>> Factories = new()");
        w.Line("{");
        w.Indent();
        foreach (var (name, kind, unknown) in types.OrderBy(t => t.Name, System.StringComparer.Ordinal))
        {
            Entry(w, name);
            if (unknown is not null)
            {
                Entry(w, unknown);
            }
        }

        w.Outdent();
        w.Line("};");
        w.Line();
        w.Line("public global::System.Text.Json.Serialization.Metadata.JsonTypeInfo? GetTypeInfo(global::System.Type type, global::System.Text.Json.JsonSerializerOptions options) =>");
        w.Line("    Factories.TryGetValue(type, out var factory) ? factory(options) : null;");
        w.Close();
        w.Close();
        return w.ToString();
    }

    private static void Entry(SourceWriter w, string name) =>
        w.Line("[typeof(" + name + ")] = static o => global::System.Text.Json.Serialization.Metadata.JsonMetadataServices.CreateValueInfo<" + name + ">(o, new global::Protocols.Core.GeneratedJsonConverter<" + name + ">(" + name + ".ReadFrom, static (w, v) => v.WriteTo(w))),");
}
