namespace Protocols.Generators.Model;

/// <summary>An AdditionalFile's path, text and role (<c>ProtocolsRole</c> item metadata).</summary>
internal sealed record InputFile(string Path, string? Text, string? Role);

/// <summary>Settings after parsing: a value, or a diagnostic saying why not.</summary>
internal sealed record SettingsResult(VendorSettings? Settings, DiagnosticInfo? Diagnostic);

/// <summary>One entry of the vendor's JSON resolver.</summary>
internal sealed record ResolverEntry(string Name, string? Unknown);

/// <summary>What the vendor's JSON class needs.</summary>
internal sealed record JsonClassSpec(string Namespace, string JsonClass, string Vendor, EquatableArray<ResolverEntry> Types);
