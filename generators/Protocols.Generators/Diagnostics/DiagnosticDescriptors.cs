using Microsoft.CodeAnalysis;

namespace Protocols.Generators.Diagnostics;

/// <summary>Every diagnostic the generator reports. IDs are tracked in AnalyzerReleases.*.md.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "Protocols.Generators";

    public static readonly DiagnosticDescriptor UnreadableSpec = new(
        "PROTO001",
        "Spec file cannot be read",
        "Spec file '{0}' cannot be read: {1}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnknownRoot = new(
        "PROTO002",
        "Root schema not found",
        "Root schema '{0}' named in '{1}' does not exist in '{2}'",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnsupportedConstruct = new(
        "PROTO003",
        "Unsupported schema construct",
        "Schema '{0}': {1}; emitted {2} instead",
        Category,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NameCollision = new(
        "PROTO004",
        "C# name collision",
        "Schema '{0}' maps to C# name '{1}', which is already taken by '{2}'; emitted '{3}' instead",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidSettings = new(
        "PROTO005",
        "Generator settings are invalid",
        "Generator settings '{0}' are invalid: {1}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DocumentNotFound = new(
        "PROTO006",
        "Spec document not found",
        "Generator settings '{0}' name document '{1}', which is not among the AdditionalFiles",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor MissingReference = new(
        "PROTO007",
        "Schema reference not found",
        "Schema '{0}' refers to '{1}', which the document does not define; emitted JsonElement instead",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UntaggableVariant = new(
        "PROTO008",
        "Union variant cannot be told apart by the discriminator",
        "Union '{0}' declares discriminator '{1}', but its variant '{2}' {3}; the union stays tagged and reads that variant as its unknown variant",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor MappingUnknownSchema = new(
        "PROTO010",
        "Mapping names a schema the spec no longer has",
        "Mapping '{0}' names schema '{1}', which '{2}' does not define (or it is outside the generated closure)",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidMappings = new(
        "PROTO011",
        "Mappings file is invalid",
        "Mappings file '{0}' is invalid: {1}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor MappingNotExhaustible = new(
        "PROTO012",
        "Mapping handles a schema that is not a union or enum",
        "Mapping '{0}' asks to handle every case of '{1}', which is a {2}, not a union or enum",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor MappingUnknownVendor = new(
        "PROTO013",
        "Mapping names an unknown vendor",
        "Mapping '{0}' names vendor '{1}', but no spec settings for it are among the AdditionalFiles",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public static DiagnosticDescriptor? Find(string id) => id switch
    {
        "PROTO001" => UnreadableSpec,
        "PROTO002" => UnknownRoot,
        "PROTO003" => UnsupportedConstruct,
        "PROTO004" => NameCollision,
        "PROTO005" => InvalidSettings,
        "PROTO006" => DocumentNotFound,
        "PROTO007" => MissingReference,
        "PROTO008" => UntaggableVariant,
        "PROTO010" => MappingUnknownSchema,
        "PROTO011" => InvalidMappings,
        "PROTO012" => MappingNotExhaustible,
        "PROTO013" => MappingUnknownVendor,
        _ => null,
    };
}
