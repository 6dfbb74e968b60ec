using Protocols.Generators.Model;

namespace Protocols.Generators.Mappings;

/// <summary>One case a mapping must handle: a union variant or an enum value.</summary>
/// <param name="Suffix">Appended to the handler name for enum values (empty for union variants, which overload by type).</param>
/// <param name="Type">The variant's C# type (unions), or null (enum values).</param>
/// <param name="Value">The enum value or the shape-union variant name.</param>
internal sealed record CaseSpec(string Suffix, string? Type, string? Value);

/// <summary>A union or enum a mapping must handle exhaustively.</summary>
internal sealed record HandleSpec
{
    public required string Name { get; init; }
    public required string Type { get; init; }
    public required TypeKind Kind { get; init; }
    public required string Returns { get; init; }
    public required EquatableArray<CaseSpec> Cases { get; init; }
    public string? UnknownType { get; init; }
}

/// <summary>A declared mapping: the stub to implement and the cases it must cover.</summary>
internal sealed record MappingSpec
{
    public required string Name { get; init; }
    public required string Namespace { get; init; }
    public required string ClassName { get; init; }
    public required string Method { get; init; }
    public required bool IsStatic { get; init; }

    /// <summary>The stub returns nothing: it emits zero or more targets through its context (streams).</summary>
    public required bool Emits { get; init; }
    public required string SourceType { get; init; }
    public required string TargetType { get; init; }
    public string? ContextType { get; init; }
    public string? Doc { get; init; }
    public required EquatableArray<HandleSpec> Handles { get; init; }
}

/// <summary>All mappings of one mappings file.</summary>
internal sealed record MappingModel(EquatableArray<MappingSpec> Mappings, EquatableArray<DiagnosticInfo> Diagnostics);
