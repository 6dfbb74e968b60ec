using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Infrastructure;
using NJsonSchema.Validation;

namespace Protocols.Testing;

/// <summary>
/// Validates JSON payloads against a named schema (<c>components.schemas</c>) of a vendor OpenAPI document,
/// with NJsonSchema 10.7.2.
/// </summary>
/// <remarks>
/// <para>
/// For each schema name, only the transitive <c>$ref</c> closure of that schema is normalized (see
/// <c>OpenApiSchemaNormalizer</c>: <c>const</c> → one-value <c>enum</c>, <c>nullable</c> → null types,
/// <c>#/components/schemas/</c> → <c>#/definitions/</c>, …) and loaded, with <see cref="SchemaType.OpenApi3"/>.
/// The result is cached per validator and schema name; instances are safe to use from parallel tests.
/// </para>
/// <para>
/// NJsonSchema reports a failed union (<c>oneOf</c>/<c>anyOf</c>) as one error holding every variant's errors.
/// The errors returned here are flattened: variants whose tag (a one-value enum property such as <c>type</c>
/// or <c>role</c>) or JSON type does not match the payload are set aside, and when exactly one variant is left,
/// its errors are reported with their own paths (so a number in a text block's <c>text</c> is reported at
/// <c>$.content[0].text</c>, not as "no variant of ContentBlock matches").
/// </para>
/// </remarks>
public sealed class SchemaValidator
{
    private static readonly Lazy<SchemaValidator> LazyAnthropic =
        new(() => FromFile("anthropic", RepoPaths.SpecPath("anthropic")), LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<SchemaValidator> LazyOpenAI =
        new(() => FromFile("openai", RepoPaths.SpecPath("openai")), LazyThreadSafetyMode.ExecutionAndPublication);

    // NJsonSchema's loader keeps serialization state in statics: load one document at a time, process-wide.
    private static readonly Lock LoadGate = new();

    private static readonly HashSet<ValidationErrorKind> TypeMismatchKinds =
    [
        ValidationErrorKind.StringExpected, ValidationErrorKind.NumberExpected, ValidationErrorKind.IntegerExpected,
        ValidationErrorKind.BooleanExpected, ValidationErrorKind.ObjectExpected, ValidationErrorKind.ArrayExpected,
        ValidationErrorKind.NullExpected, ValidationErrorKind.NoTypeValidates,
    ];

    private readonly Lazy<JsonObject> _schemas;
    private readonly Lock _documentGate = new();
    private readonly ConcurrentDictionary<string, Lazy<LoadedSchema>> _loaded = new(StringComparer.Ordinal);
    private IReadOnlyList<string>? _schemaNames;

    private SchemaValidator(string vendor, Func<string> readDocument)
    {
        Vendor = vendor;
        _schemas = new Lazy<JsonObject>(() => ReadSchemas(vendor, readDocument()), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The validator for the committed Anthropic document (<c>specs/anthropic/anthropic.openapi.json</c>).</summary>
    public static SchemaValidator Anthropic => LazyAnthropic.Value;

    /// <summary>The validator for the committed OpenAI document (<c>specs/openai/openai.openapi.json</c>).</summary>
    public static SchemaValidator OpenAI => LazyOpenAI.Value;

    /// <summary>The name this validator was created with (e.g. <c>anthropic</c>).</summary>
    public string Vendor { get; }

    /// <summary>Every schema name of the document, sorted ordinally.</summary>
    public IReadOnlyList<string> SchemaNames
    {
        get
        {
            if (_schemaNames is null)
            {
                lock (_documentGate)
                {
                    _schemaNames ??= [.. _schemas.Value.Select(p => p.Key).Order(StringComparer.Ordinal)];
                }
            }

            return _schemaNames;
        }
    }

    /// <summary>The validator of a committed vendor document by folder name.</summary>
    /// <param name="vendor"><c>anthropic</c> or <c>openai</c> (case-insensitive).</param>
    /// <returns>The shared instance.</returns>
    /// <exception cref="ArgumentException">Unknown vendor.</exception>
    public static SchemaValidator ForVendor(string vendor) => vendor?.ToLowerInvariant() switch
    {
        "anthropic" => Anthropic,
        "openai" => OpenAI,
        _ => throw new ArgumentException($"Unknown vendor '{vendor}': expected 'anthropic' or 'openai'.", nameof(vendor)),
    };

    /// <summary>Creates a validator over an OpenAPI document file.</summary>
    /// <param name="vendor">A name for messages.</param>
    /// <param name="path">The document (JSON).</param>
    /// <returns>A new validator with its own cache.</returns>
    public static SchemaValidator FromFile(string vendor, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new SchemaValidator(vendor, () => File.ReadAllText(path));
    }

    /// <summary>Creates a validator over an OpenAPI document given as text (used to pin NJsonSchema behaviours).</summary>
    /// <param name="vendor">A name for messages.</param>
    /// <param name="openApiJson">The document: an object with <c>components.schemas</c>.</param>
    /// <returns>A new validator with its own cache.</returns>
    public static SchemaValidator FromDocument(string vendor, string openApiJson)
    {
        ArgumentNullException.ThrowIfNull(openApiJson);
        return new SchemaValidator(vendor, () => openApiJson);
    }

    /// <summary>Whether the document has a schema of that name.</summary>
    /// <param name="schemaName">A <c>components.schemas</c> name.</param>
    /// <returns><see langword="true"/> when it exists.</returns>
    public bool HasSchema(string schemaName)
    {
        lock (_documentGate)
        {
            return _schemas.Value.ContainsKey(schemaName);
        }
    }

    /// <summary>The schemas loaded to validate <paramref name="schemaName"/>: its transitive <c>$ref</c> closure.</summary>
    /// <param name="schemaName">A <c>components.schemas</c> name.</param>
    /// <returns>The schema names, the requested one first.</returns>
    public IReadOnlyList<string> Closure(string schemaName)
    {
        lock (_documentGate)
        {
            EnsureExists(schemaName);
            return OpenApiSchemaNormalizer.Closure(_schemas.Value, schemaName);
        }
    }

    /// <summary>The JSON Schema document actually given to NJsonSchema for <paramref name="schemaName"/> (for debugging).</summary>
    /// <param name="schemaName">A <c>components.schemas</c> name.</param>
    /// <returns>The normalized document as JSON text.</returns>
    public string NormalizedSchemaJson(string schemaName)
    {
        lock (_documentGate)
        {
            EnsureExists(schemaName);
            return OpenApiSchemaNormalizer.BuildDocument(_schemas.Value, schemaName);
        }
    }

    /// <summary>Validates a JSON text.</summary>
    /// <param name="schemaName">A <c>components.schemas</c> name.</param>
    /// <param name="json">The payload.</param>
    /// <returns>One line per error (<c>path: Kind — message</c>); empty when the payload is valid.</returns>
    public IReadOnlyList<string> Validate(string schemaName, string json) =>
        [.. ValidateDetailed(schemaName, json).Select(e => e.ToString())];

    /// <summary>Validates a JSON node.</summary>
    /// <param name="schemaName">A <c>components.schemas</c> name.</param>
    /// <param name="payload">The payload (<see langword="null"/> is the JSON <c>null</c>).</param>
    /// <returns>One line per error (<c>path: Kind — message</c>); empty when the payload is valid.</returns>
    public IReadOnlyList<string> Validate(string schemaName, JsonNode? payload) =>
        Validate(schemaName, payload?.ToJsonString() ?? "null");

    /// <summary>Validates a JSON node, with structured errors.</summary>
    /// <param name="schemaName">A <c>components.schemas</c> name.</param>
    /// <param name="payload">The payload (<see langword="null"/> is the JSON <c>null</c>).</param>
    /// <returns>The errors, ordered by path; empty when the payload is valid.</returns>
    public IReadOnlyList<SchemaValidationError> ValidateDetailed(string schemaName, JsonNode? payload) =>
        ValidateDetailed(schemaName, payload?.ToJsonString() ?? "null");

    /// <summary>Validates a JSON text, with structured errors.</summary>
    /// <param name="schemaName">A <c>components.schemas</c> name.</param>
    /// <param name="json">The payload.</param>
    /// <returns>The errors, ordered by path; empty when the payload is valid. Text that is not JSON gives one <c>InvalidJson</c> error at <c>$</c>.</returns>
    public IReadOnlyList<SchemaValidationError> ValidateDetailed(string schemaName, string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var loaded = Load(schemaName);

        JToken token;
        try
        {
            token = ParseToken(json);
        }
        catch (JsonReaderException ex)
        {
            return [new SchemaValidationError("$", "InvalidJson", ex.Message)];
        }

        ICollection<ValidationError> raw;
        lock (loaded.Gate)
        {
            // The settings constructor matters: NJsonSchema 10.7.2's parameterless JsonSchemaValidator checks no
            // `format` at all; with JsonSchemaValidatorSettings it checks date-time, uri, byte, email, uuid, ….
            raw = new JsonSchemaValidator(new JsonSchemaValidatorSettings()).Validate(token, loaded.Root, SchemaType.OpenApi3);
        }

        var output = new List<SchemaValidationError>();
        foreach (var error in raw)
        {
            Flatten(error, token, loaded, output);
        }

        return [.. output.Distinct().OrderBy(e => e.Path, StringComparer.Ordinal).ThenBy(e => e.Kind, StringComparer.Ordinal)];
    }

    /// <summary>Throws <see cref="SchemaValidationException"/> listing every error unless the payload is valid.</summary>
    /// <param name="schemaName">A <c>components.schemas</c> name.</param>
    /// <param name="json">The payload.</param>
    /// <exception cref="SchemaValidationException">The payload does not match.</exception>
    public void AssertValid(string schemaName, string json)
    {
        var errors = ValidateDetailed(schemaName, json);
        if (errors.Count > 0)
        {
            throw new SchemaValidationException(Vendor, schemaName, errors);
        }
    }

    /// <summary>Throws <see cref="SchemaValidationException"/> listing every error unless the payload is valid.</summary>
    /// <param name="schemaName">A <c>components.schemas</c> name.</param>
    /// <param name="payload">The payload.</param>
    /// <exception cref="SchemaValidationException">The payload does not match.</exception>
    public void AssertValid(string schemaName, JsonNode? payload) => AssertValid(schemaName, payload?.ToJsonString() ?? "null");

    /// <summary>Loads (and caches) the schema now, so that a later first validation is not slow.</summary>
    /// <param name="schemaName">A <c>components.schemas</c> name.</param>
    public void Preload(string schemaName) => Load(schemaName);

    private static JsonObject ReadSchemas(string vendor, string documentJson)
    {
        var document = JsonNode.Parse(documentJson) as JsonObject
            ?? throw new InvalidOperationException($"The {vendor} document is not a JSON object.");
        return document["components"]?["schemas"] as JsonObject
            ?? throw new InvalidOperationException($"The {vendor} document has no components.schemas.");
    }

    private static JToken ParseToken(string json)
    {
        using var reader = new JsonTextReader(new StringReader(json))
        {
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Decimal,
        };
        var token = JToken.ReadFrom(reader);
        if (reader.Read() && reader.TokenType != JsonToken.Comment)
        {
            throw new JsonReaderException($"Unexpected content after the JSON value (line {reader.LineNumber}, position {reader.LinePosition}).");
        }

        return token;
    }

    private void EnsureExists(string schemaName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(schemaName);
        if (!_schemas.Value.ContainsKey(schemaName))
        {
            throw new ArgumentException($"The {Vendor} document has no schema named '{schemaName}'.", nameof(schemaName));
        }
    }

    private LoadedSchema Load(string schemaName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(schemaName);
        var lazy = _loaded.GetOrAdd(
            schemaName,
            name => new Lazy<LoadedSchema>(() => LoadCore(name), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            // Do not cache a failure (e.g. an unknown name): the next call reports it again.
            _loaded.TryRemove(new KeyValuePair<string, Lazy<LoadedSchema>>(schemaName, lazy));
            throw;
        }
    }

    private LoadedSchema LoadCore(string schemaName)
    {
        string document;
        lock (_documentGate)
        {
            EnsureExists(schemaName);
            document = OpenApiSchemaNormalizer.BuildDocument(_schemas.Value, schemaName);
        }

        JsonSchema root;
        lock (LoadGate)
        {
            // Task.Run: never block on NJsonSchema's async loader from a test's synchronization context.
            root = Task.Run(() => JsonSchemaSerialization.FromJsonAsync<JsonSchema>(
                    document,
                    SchemaType.OpenApi3,
                    documentPath: null,
                    schema => new JsonReferenceResolver(new JsonSchemaAppender(schema, new DefaultTypeNameGenerator())),
                    JsonSchema.CreateJsonSerializerContractResolver(SchemaType.OpenApi3),
                    CancellationToken.None))
                .GetAwaiter()
                .GetResult();
        }

        var names = new Dictionary<JsonSchema, string>(ReferenceEqualityComparer.Instance);
        foreach (var (name, definition) in root.Definitions)
        {
            names[definition] = name;
        }

        return new LoadedSchema(root, names);
    }

    private static void Flatten(ValidationError error, JToken root, LoadedSchema loaded, List<SchemaValidationError> output)
    {
        if (error is ChildSchemaValidationError child)
        {
            if (error.Kind is ValidationErrorKind.NotOneOf or ValidationErrorKind.NotAnyOf)
            {
                FlattenUnion(child, root, loaded, output);
            }
            else
            {
                // ArrayItemNotValid, AdditionalPropertiesNotValid, AdditionalItemNotValid, NotAllOf: the inner errors carry the paths.
                foreach (var errors in child.Errors.Values)
                {
                    foreach (var inner in errors)
                    {
                        Flatten(inner, root, loaded, output);
                    }
                }
            }

            return;
        }

        output.Add(new SchemaValidationError(ToJsonPath(error.Path), error.Kind.ToString(), Describe(error, root)));
    }

    private static void FlattenUnion(ChildSchemaValidationError union, JToken root, LoadedSchema loaded, List<SchemaValidationError> output)
    {
        var path = ToJsonPath(union.Path);
        var unionRaw = RawPath(union.Path);
        var branches = union.Errors.ToList();

        var matching = branches.Where(b => b.Value.Count == 0).ToList();
        if (matching.Count > 1)
        {
            output.Add(new SchemaValidationError(
                path,
                union.Kind.ToString(),
                $"the value matches {matching.Count} variants ({string.Join(", ", matching.Select(b => loaded.NameOf(b.Key)))}); oneOf requires exactly one"));
            return;
        }

        var candidates = branches.Where(b => b.Value.Count > 0 && !IsOtherVariant(b.Value, unionRaw)).ToList();
        if (candidates.Count == 1)
        {
            foreach (var inner in candidates[0].Value)
            {
                Flatten(inner, root, loaded, output);
            }

            return;
        }

        string message;
        if (candidates.Count == 0)
        {
            message = DescribeTagMismatch(branches, unionRaw, root, loaded);
        }
        else
        {
            var closest = candidates
                .Select(b =>
                {
                    var inner = new List<SchemaValidationError>();
                    foreach (var e in b.Value)
                    {
                        Flatten(e, root, loaded, inner);
                    }

                    return (Name: loaded.NameOf(b.Key), Errors: inner);
                })
                .OrderBy(c => c.Errors.Count)
                .Take(3)
                .Select(c => $"{c.Name}: {string.Join("; ", c.Errors.Take(3).Select(e => $"{e.Path} {e.Kind}"))}");
            message = $"no variant matches ({candidates.Count} candidates); closest: {string.Join(" | ", closest)}";
        }

        output.Add(new SchemaValidationError(path, union.Kind.ToString(), message));
    }

    /// <summary>Whether a variant's errors show it is meant for another tag or another JSON type.</summary>
    private static bool IsOtherVariant(ICollection<ValidationError> errors, string unionRaw)
    {
        foreach (var error in errors)
        {
            var raw = RawPath(error.Path);
            if (raw == unionRaw && TypeMismatchKinds.Contains(error.Kind))
            {
                return true;
            }

            if (error.Kind == ValidationErrorKind.NotInEnumeration
                && error.Schema?.Enumeration.Count == 1
                && (raw == unionRaw || IsDirectChild(raw, unionRaw)))
            {
                return true;
            }
        }

        return false;
    }

    private static string DescribeTagMismatch(
        List<KeyValuePair<JsonSchema, ICollection<ValidationError>>> branches, string unionRaw, JToken root, LoadedSchema loaded)
    {
        string? tagPath = null;
        var known = new List<string>();
        foreach (var (_, errors) in branches)
        {
            foreach (var error in errors)
            {
                var raw = RawPath(error.Path);
                if (error.Kind == ValidationErrorKind.NotInEnumeration && error.Schema?.Enumeration.Count == 1
                    && (raw == unionRaw || IsDirectChild(raw, unionRaw)))
                {
                    tagPath ??= raw;
                    known.Add(FormatValue(error.Schema.Enumeration.First()));
                }
            }
        }

        var variants = string.Join(", ", branches.Select(b => loaded.NameOf(b.Key)));
        if (tagPath is null)
        {
            return $"the value is none of the variants' JSON types ({variants}); got {FormatToken(Lookup(root, unionRaw))}";
        }

        var tagName = tagPath == unionRaw ? "value" : $"'{tagPath[(tagPath.LastIndexOf('.') + 1)..]}'";
        return $"{tagName} is {FormatToken(Lookup(root, tagPath))}, which no variant declares (known: {string.Join(", ", known.Distinct())})";
    }

    private static string Describe(ValidationError error, JToken root)
    {
        var value = Lookup(root, RawPath(error.Path));
        return error.Kind switch
        {
            ValidationErrorKind.PropertyRequired => $"required property '{error.Property}' is missing",
            ValidationErrorKind.NoAdditionalPropertiesAllowed =>
                $"property '{error.Property}' is not declared by the schema, which sets additionalProperties: false",
            ValidationErrorKind.NotInEnumeration =>
                $"{FormatToken(value)} is not one of [{string.Join(", ", (error.Schema?.Enumeration ?? []).Take(20).Select(FormatValue))}]",
            ValidationErrorKind.StringExpected => $"expected a string, got {FormatToken(value)}",
            ValidationErrorKind.NumberExpected => $"expected a number, got {FormatToken(value)}",
            ValidationErrorKind.IntegerExpected => $"expected an integer, got {FormatToken(value)}",
            ValidationErrorKind.BooleanExpected => $"expected a boolean, got {FormatToken(value)}",
            ValidationErrorKind.ObjectExpected => $"expected an object, got {FormatToken(value)}",
            ValidationErrorKind.ArrayExpected => $"expected an array, got {FormatToken(value)}",
            ValidationErrorKind.NullExpected => $"expected null, got {FormatToken(value)}",
            ValidationErrorKind.NoTypeValidates => $"expected {error.Schema?.Type}, got {FormatToken(value)}",
            ValidationErrorKind.PatternMismatch => $"{FormatToken(value)} does not match the pattern {error.Schema?.Pattern}",
            ValidationErrorKind.StringTooShort => $"{FormatToken(value)} is shorter than {error.Schema?.MinLength}",
            ValidationErrorKind.StringTooLong => $"the string is longer than {error.Schema?.MaxLength}",
            ValidationErrorKind.NumberTooSmall =>
                $"{FormatToken(value)} is below the minimum {error.Schema?.Minimum ?? error.Schema?.ExclusiveMinimum}",
            ValidationErrorKind.NumberTooBig =>
                $"{FormatToken(value)} is above the maximum {error.Schema?.Maximum ?? error.Schema?.ExclusiveMaximum}",
            ValidationErrorKind.TooFewItems => $"the array has fewer than {error.Schema?.MinItems} items",
            ValidationErrorKind.TooManyItems => $"the array has more than {error.Schema?.MaxItems} items",
            _ => $"{error.Kind} ({FormatToken(value)})",
        };
    }

    private static JToken? Lookup(JToken root, string raw)
    {
        if (raw.Length == 0)
        {
            return root;
        }

        try
        {
            return root.SelectToken(raw);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string FormatToken(JToken? token)
    {
        if (token is null)
        {
            return "(absent)";
        }

        var text = token.Type switch
        {
            JTokenType.Object => "an object",
            JTokenType.Array => $"an array of {((JArray)token).Count}",
            _ => token.ToString(Formatting.None),
        };
        return text.Length > 80 ? string.Concat(text.AsSpan(0, 77), "...") : text;
    }

    private static string FormatValue(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>NJsonSchema's error path without its <c>#/</c> prefix: a Newtonsoft path (<c>content[0].text</c>).</summary>
    private static string RawPath(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "";
        }

        if (path.StartsWith("#/", StringComparison.Ordinal))
        {
            return path[2..];
        }

        return path.StartsWith('#') ? path[1..] : path;
    }

    /// <summary>Converts an NJsonSchema path (<c>#/content[0].text</c>) into a JSONPath (<c>$.content[0].text</c>).</summary>
    private static string ToJsonPath(string? path)
    {
        var raw = RawPath(path);
        if (raw.Length == 0)
        {
            return "$";
        }

        return raw.StartsWith('[') ? "$" + raw : "$." + raw;
    }

    private static bool IsDirectChild(string raw, string parentRaw)
    {
        string rest;
        if (parentRaw.Length == 0)
        {
            rest = raw;
        }
        else if (raw.Length > parentRaw.Length + 1 && raw.StartsWith(parentRaw + ".", StringComparison.Ordinal))
        {
            rest = raw[(parentRaw.Length + 1)..];
        }
        else
        {
            return false;
        }

        return rest.Length > 0 && rest.IndexOfAny(['.', '[']) < 0;
    }

    private sealed class LoadedSchema(JsonSchema root, Dictionary<JsonSchema, string> names)
    {
        public JsonSchema Root { get; } = root;

        public Lock Gate { get; } = new();

        public string NameOf(JsonSchema branch)
        {
            if (names.TryGetValue(branch, out var name) || names.TryGetValue(branch.ActualSchema, out name))
            {
                return name;
            }

            return branch.ActualSchema.Type == JsonObjectType.None ? "(inline variant)" : $"(inline {branch.ActualSchema.Type})";
        }
    }
}
