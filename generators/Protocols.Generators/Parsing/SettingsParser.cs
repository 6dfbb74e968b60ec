using System;
using System.Collections.Generic;
using System.Text.Json;
using Protocols.Generators.Model;

namespace Protocols.Generators.Parsing;

/// <summary>Reads <c>protocols.json</c> (per-vendor generator settings).</summary>
internal static class SettingsParser
{
    public const string FileName = "protocols.json";

    /// <summary>Parses settings; returns null and a diagnostic when they are unusable.</summary>
    public static VendorSettings? Parse(string path, string? text, string? role, out DiagnosticInfo? diagnostic)
    {
        diagnostic = null;
        if (text is null)
        {
            diagnostic = Error(path, "the file cannot be read");
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var root = doc.RootElement;
            string? Str(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

            var vendor = Str("vendor");
            var document = Str("document");
            var ns = Str("namespace");
            if (vendor is null || document is null || ns is null)
            {
                diagnostic = Error(path, "'vendor', 'document' and 'namespace' are required strings");
                return null;
            }

            var roots = new List<string>();
            bool all = false;
            if (root.TryGetProperty("roots", out var r))
            {
                if (r.ValueKind == JsonValueKind.String && r.GetString() == "*")
                {
                    all = true;
                }
                else if (r.ValueKind == JsonValueKind.Array)
                {
                    foreach (var item in r.EnumerateArray())
                    {
                        if (item.ValueKind != JsonValueKind.String)
                        {
                            diagnostic = Error(path, "'roots' must hold schema names (strings) or be \"*\"");
                            return null;
                        }

                        roots.Add(item.GetString()!);
                    }
                }
                else
                {
                    diagnostic = Error(path, "'roots' must be an array of schema names or \"*\"");
                    return null;
                }
            }
            else
            {
                diagnostic = Error(path, "'roots' is required (an array of schema names, or \"*\" for every schema)");
                return null;
            }

            var jsonText = new List<string>();
            if (root.TryGetProperty("jsonTextMembers", out var members))
            {
                // "Type.member" (generated type names): string members some servers send as the JSON value itself.
                if (members.ValueKind != JsonValueKind.Array)
                {
                    diagnostic = Error(path, "'jsonTextMembers' must be an array of \"Type.member\" strings");
                    return null;
                }

                foreach (var item in members.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String || item.GetString()!.IndexOf('.') <= 0)
                    {
                        diagnostic = Error(path, "'jsonTextMembers' must hold \"Type.member\" strings");
                        return null;
                    }

                    jsonText.Add(item.GetString()!);
                }
            }

            return new VendorSettings
            {
                Vendor = vendor,
                Document = document,
                Namespace = ns,
                JsonClass = Str("jsonClass") ?? vendor + "Json",
                Roots = roots.ToEquatableArray(),
                AllSchemasAsRoots = all,
                Emit = !string.Equals(role, "Reference", StringComparison.OrdinalIgnoreCase),
                StrictRequired = !(root.TryGetProperty("strictRequired", out var strict) && strict.ValueKind == JsonValueKind.False),
                JsonTextMembers = jsonText.ToEquatableArray(),
                SettingsPath = path,
            };
        }
        catch (JsonException e)
        {
            diagnostic = Error(path, $"malformed JSON at line {(e.LineNumber ?? 0) + 1}: {e.Message}");
            return null;
        }
    }

    private static DiagnosticInfo Error(string path, string message) =>
        new("PROTO005", new LocationInfo(path, 0, 0, 0, 0), new[] { path, message }.ToEquatableArray());
}
