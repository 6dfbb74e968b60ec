using System;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Protocols.Generators.Diagnostics;
using Protocols.Generators.Emit;
using Protocols.Generators.Mappings;
using Protocols.Generators.Model;
using TypeKind = Protocols.Generators.Model.TypeKind;
using Protocols.Generators.Parsing;

namespace Protocols.Generators;

/// <summary>
/// Vendor OpenAPI documents in (as AdditionalFiles), typed C# out: DTOs, unions, extensible enums, a
/// reflection-free JSON resolver, and mapping stubs. The pipeline, in order:
/// <list type="number">
/// <item>read every AdditionalFile with its <c>ProtocolsRole</c> metadata (<see cref="StepNames.Files"/>);</item>
/// <item>parse <c>protocols.json</c> settings (<see cref="StepNames.Settings"/>);</item>
/// <item>parse each spec document against its settings into equatable type models (<see cref="StepNames.Vendors"/>);</item>
/// <item>emit one file per type (<see cref="StepNames.Types"/>) and one JSON resolver per vendor (<see cref="StepNames.JsonClasses"/>);</item>
/// <item>read <c>mappings.json</c> and emit mapping stubs (<see cref="StepNames.Mappings"/>).</item>
/// </list>
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ProtocolsGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps (for incrementality tests).</summary>
    public static class StepNames
    {
        /// <summary>AdditionalFiles with their role.</summary>
        public const string Files = nameof(Files);

        /// <summary>Parsed settings.</summary>
        public const string Settings = nameof(Settings);

        /// <summary>Parsed vendor models.</summary>
        public const string Vendors = nameof(Vendors);

        /// <summary>One model per emitted type.</summary>
        public const string Types = nameof(Types);

        /// <summary>One JSON resolver per vendor.</summary>
        public const string JsonClasses = nameof(JsonClasses);

        /// <summary>Mapping stubs.</summary>
        public const string Mappings = nameof(Mappings);
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var files = context.AdditionalTextsProvider
            .Where(static f => f.Path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, ct) =>
            {
                pair.Right.GetOptions(pair.Left).TryGetValue("build_metadata.AdditionalFiles.ProtocolsRole", out var role);
                return new InputFile(Normalize(pair.Left.Path), pair.Left.GetText(ct)?.ToString(), string.IsNullOrEmpty(role) ? null : role);
            })
            .Where(static f => f.Role is not null)
            .WithTrackingName(StepNames.Files);

        var settings = files
            .Where(static f => Path.GetFileName(f.Path) == SettingsParser.FileName)
            .Select(static (f, _) => new SettingsResult(SettingsParser.Parse(f.Path, f.Text, f.Role, out var d), d))
            .WithTrackingName(StepNames.Settings);

        var specs = files.Where(static f => Path.GetFileName(f.Path) != SettingsParser.FileName && Path.GetFileName(f.Path) != MappingParser.FileName);

        // Keyed by spec document: editing one vendor's document re-parses only that vendor.
        var vendors = specs
            .Combine(settings.Collect())
            .Select(static (pair, _) =>
            {
                var match = pair.Right.FirstOrDefault(s => s.Settings is not null &&
                    string.Equals(Normalize(Path.Combine(Path.GetDirectoryName(s.Settings.SettingsPath) ?? string.Empty, s.Settings.Document)), pair.Left.Path, StringComparison.Ordinal));
                return match?.Settings is null ? null : SpecParser.Parse(match.Settings, pair.Left.Path, pair.Left.Text);
            })
            .Where(static v => v is not null)
            .Select(static (v, _) => v!)
            .WithTrackingName(StepNames.Vendors);

        var types = vendors
            .Where(static v => v.Settings.Emit)
            .SelectMany(static (v, _) => v.Types.AsImmutable())
            .WithTrackingName(StepNames.Types);

        context.RegisterSourceOutput(types, static (spc, type) =>
        {
            var source = type.Kind switch
            {
                TypeKind.Object => ObjectEmitter.Emit(type),
                TypeKind.TaggedUnion => UnionEmitter.EmitTagged(type),
                TypeKind.ShapeUnion => UnionEmitter.EmitShape(type),
                _ => EnumEmitter.Emit(type),
            };
            spc.AddSource(type.Vendor + "." + type.HintName + ".g.cs", SourceText.From(source, Encoding.UTF8));
        });

        var jsonClasses = vendors
            .Where(static v => v.Settings.Emit)
            .Select(static (v, _) => new JsonClassSpec(
                v.Settings.Namespace,
                v.Settings.JsonClass,
                v.Settings.Vendor,
                v.Types.Select(t => new ResolverEntry(t.Name, t.UnknownName)).ToEquatableArray()))
            .WithTrackingName(StepNames.JsonClasses);

        context.RegisterSourceOutput(jsonClasses, static (spc, spec) =>
            spc.AddSource(spec.Vendor + "." + spec.JsonClass + ".g.cs", SourceText.From(
                JsonClassEmitter.Emit(spec.Namespace, spec.JsonClass, spec.Vendor, spec.Types.Select(t => (t.Name, TypeKind.Object, t.Unknown)).ToList()),
                Encoding.UTF8)));

        // Diagnostics travel separately from the emitted models, so moving a schema in its file reports
        // at the new line without re-emitting any code.
        var vendorDiagnostics = vendors.Select(static (v, _) => v.Diagnostics);
        context.RegisterSourceOutput(vendorDiagnostics, static (spc, diagnostics) => Report(spc, diagnostics));
        context.RegisterSourceOutput(settings.Where(static s => s.Diagnostic is not null), static (spc, s) => Report(spc, new[] { s.Diagnostic! }.ToEquatableArray()));
        context.RegisterSourceOutput(
            settings.Collect().Combine(specs.Select(static (f, _) => f.Path).Collect()),
            static (spc, pair) =>
            {
                foreach (var s in pair.Left.Where(s => s.Settings is not null))
                {
                    var expected = Normalize(Path.Combine(Path.GetDirectoryName(s.Settings!.SettingsPath) ?? string.Empty, s.Settings.Document));
                    if (!pair.Right.Contains(expected))
                    {
                        spc.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DocumentNotFound, ToLocation(new LocationInfo(s.Settings.SettingsPath, 0, 0, 0, 0)), s.Settings.SettingsPath, s.Settings.Document));
                    }
                }
            });

        var mappings = files
            .Where(static f => Path.GetFileName(f.Path) == MappingParser.FileName)
            .Combine(vendors.Collect())
            .Select(static (pair, _) => MappingParser.Parse(pair.Left.Path, pair.Left.Text, pair.Right))
            .WithTrackingName(StepNames.Mappings);

        context.RegisterSourceOutput(mappings, static (spc, model) =>
        {
            Report(spc, model.Diagnostics);
            foreach (var mapping in model.Mappings)
            {
                spc.AddSource("Mapping." + mapping.Name + ".g.cs", SourceText.From(MappingEmitter.Emit(mapping), Encoding.UTF8));
            }
        });
    }

    private static string Normalize(string path) => path.Replace('\\', '/');

    private static void Report(SourceProductionContext spc, EquatableArray<DiagnosticInfo> diagnostics)
    {
        foreach (var d in diagnostics)
        {
            var descriptor = DiagnosticDescriptors.Find(d.Id);
            if (descriptor is not null)
            {
                spc.ReportDiagnostic(Diagnostic.Create(descriptor, d.Location is null ? Location.None : ToLocation(d.Location), d.Arguments.Cast<object>().ToArray()));
            }
        }
    }

    private static Location ToLocation(LocationInfo l) =>
        Location.Create(l.FilePath, default, new LinePositionSpan(new LinePosition(l.StartLine, l.StartColumn), new LinePosition(l.EndLine, l.EndColumn)));
}
