using System.Diagnostics;
using System.Text.Json.Nodes;
using NJsonSchema;
using NJsonSchema.Infrastructure;
using NJsonSchema.Validation;
using Protocols.Testing;

namespace Protocols.Schemas.Tests;

/// <summary>
/// The validator is strict enough to catch real mistakes (negative tests on the vendor documents), reports
/// readable paths, and works around NJsonSchema 10.7.2's gaps (pinned on a small inline document).
/// </summary>
public sealed class SchemaValidatorTests
{
    // ---------------------------------------------------------------- negative tests on the vendor documents

    [Fact]
    public void Message_missing_stop_sequence_is_rejected()
    {
        var message = Corpus("anthropic/Message/text-plain.json");
        message.Remove("stop_sequence");

        var error = Assert.Single(SchemaValidator.Anthropic.ValidateDetailed("Message", message));
        Assert.Equal("$.stop_sequence", error.Path);
        Assert.Equal("PropertyRequired", error.Kind);
    }

    [Fact]
    public void Message_with_null_stop_sequence_is_accepted_but_a_number_is_not()
    {
        var message = Corpus("anthropic/Message/text-plain.json");
        message["stop_sequence"] = null;
        Assert.Empty(SchemaValidator.Anthropic.Validate("Message", message));

        message["stop_sequence"] = 7;
        Assert.Contains(SchemaValidator.Anthropic.ValidateDetailed("Message", message), e => e.Path == "$.stop_sequence");
    }

    [Fact]
    public void Content_block_with_an_unknown_type_is_rejected_at_the_block()
    {
        var message = Corpus("anthropic/Message/text-plain.json");
        message["content"]![0]!["type"] = "txt";

        var error = Assert.Single(SchemaValidator.Anthropic.ValidateDetailed("Message", message));
        Assert.Equal("$.content[0]", error.Path);
        Assert.Equal("NotOneOf", error.Kind);
        Assert.Contains("\"txt\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"tool_use\"", error.Message, StringComparison.Ordinal); // lists the known tags
    }

    [Fact]
    public void Content_block_of_the_wrong_json_type_is_rejected()
    {
        var message = Corpus("anthropic/Message/text-plain.json");
        message["content"]![0] = "Hi! My name is Claude.";

        var error = Assert.Single(SchemaValidator.Anthropic.ValidateDetailed("Message", message));
        Assert.Equal("$.content[0]", error.Path);
    }

    [Fact]
    public void Text_block_whose_text_is_a_number_is_reported_inside_the_block()
    {
        var message = Corpus("anthropic/Message/text-plain.json");
        message["content"]![0]!["text"] = 42;

        var error = Assert.Single(SchemaValidator.Anthropic.ValidateDetailed("Message", message));
        Assert.Equal("$.content[0].text", error.Path);
        Assert.Equal("StringExpected", error.Kind);
    }

    [Fact]
    public void OpenAI_request_with_tool_choice_any_is_rejected()
    {
        var request = Corpus("openai/CreateChatCompletionRequest/tools-auto-parallel.json");
        request["tool_choice"] = "any";

        var error = Assert.Single(SchemaValidator.OpenAI.ValidateDetailed("CreateChatCompletionRequest", request));
        Assert.Equal("$.tool_choice", error.Path);
        Assert.Equal("NotInEnumeration", error.Kind);
        Assert.Contains("\"required\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Anthropic_tool_choice_required_is_rejected()
    {
        var request = Corpus("anthropic/CreateMessageParams/tool-choice-any.json");
        request["tool_choice"] = new JsonObject { ["type"] = "required" };

        Assert.Contains(SchemaValidator.Anthropic.ValidateDetailed("CreateMessageParams", request), e => e.Path == "$.tool_choice");
    }

    [Fact]
    public void Anthropic_message_with_role_bogus_is_rejected()
    {
        var request = Corpus("anthropic/CreateMessageParams/minimal.json");
        request["messages"]![0]!["role"] = "bogus";

        var error = Assert.Single(SchemaValidator.Anthropic.ValidateDetailed("CreateMessageParams", request));
        Assert.Equal("$.messages[0].role", error.Path);
        Assert.Equal("NotInEnumeration", error.Kind);
    }

    [Fact]
    public void OpenAI_message_with_role_bogus_is_rejected()
    {
        var request = Corpus("openai/CreateChatCompletionRequest/minimal.json");
        request["messages"]![0]!["role"] = "bogus";

        var error = Assert.Single(SchemaValidator.OpenAI.ValidateDetailed("CreateChatCompletionRequest", request));
        Assert.Equal("$.messages[0]", error.Path);
        Assert.Equal("NotOneOf", error.Kind);
        Assert.Contains("'role' is \"bogus\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Undeclared_request_member_is_rejected_where_the_spec_is_closed()
    {
        var request = Corpus("anthropic/CreateMessageParams/minimal.json");
        request["temprature"] = 0.5;

        var error = Assert.Single(SchemaValidator.Anthropic.ValidateDetailed("CreateMessageParams", request));
        Assert.Equal("$.temprature", error.Path);
        Assert.Equal("NoAdditionalPropertiesAllowed", error.Kind);
    }

    [Fact]
    public void Missing_nested_required_member_is_reported_with_its_full_path()
    {
        var message = Corpus("anthropic/Message/usage-cache-priority.json");
        message["usage"]!.AsObject().Remove("output_tokens");

        var error = Assert.Single(SchemaValidator.Anthropic.ValidateDetailed("Message", message));
        Assert.Equal("$.usage.output_tokens", error.Path);
    }

    [Fact]
    public void Stream_chunk_with_usage_null_is_accepted_and_an_unknown_finish_reason_is_not()
    {
        var chunk = Corpus("openai/CreateChatCompletionStreamResponse/finish-stop-chunk.json");
        chunk["usage"] = null;
        Assert.Empty(SchemaValidator.OpenAI.Validate("CreateChatCompletionStreamResponse", chunk));

        chunk["choices"]![0]!["finish_reason"] = "done";
        var error = Assert.Single(SchemaValidator.OpenAI.ValidateDetailed("CreateChatCompletionStreamResponse", chunk));
        Assert.Equal("$.choices[0].finish_reason", error.Path);
    }

    // ---------------------------------------------------------------- API behaviour

    [Fact]
    public void AssertValid_throws_with_every_error_listed()
    {
        var message = Corpus("anthropic/Message/text-plain.json");
        message.Remove("id");
        message["stop_reason"] = "finished";

        var ex = Assert.Throws<SchemaValidationException>(() => SchemaValidator.Anthropic.AssertValid("Message", message));
        Assert.Equal(2, ex.Errors.Count);
        Assert.Contains("$.id: PropertyRequired", ex.Message, StringComparison.Ordinal);
        Assert.Contains("$.stop_reason: NotInEnumeration", ex.Message, StringComparison.Ordinal);
        Assert.Equal("Message", ex.SchemaName);
    }

    [Fact]
    public void AssertValid_passes_a_valid_payload_given_as_text()
    {
        SchemaValidator.Anthropic.AssertValid("CountMessageTokensResponse", """{"input_tokens": 12}""");
        SchemaValidator.OpenAI.AssertValid("Model", """{"id": "gpt-4o", "object": "model", "created": 1715367049, "owned_by": "system"}""");
    }

    [Fact]
    public void Text_that_is_not_json_gives_one_InvalidJson_error()
    {
        var error = Assert.Single(SchemaValidator.Anthropic.ValidateDetailed("Message", "{\"id\": "));
        Assert.Equal(("$", "InvalidJson"), (error.Path, error.Kind));

        Assert.Single(SchemaValidator.Anthropic.ValidateDetailed("CountMessageTokensResponse", "{} {}"));
    }

    [Fact]
    public void Unknown_schema_name_throws_and_is_not_cached_as_a_failure()
    {
        Assert.Throws<ArgumentException>(() => SchemaValidator.Anthropic.Validate("NoSuchSchema", "{}"));
        Assert.Throws<ArgumentException>(() => SchemaValidator.Anthropic.Validate("NoSuchSchema", "{}"));
        Assert.False(SchemaValidator.Anthropic.HasSchema("NoSuchSchema"));
        Assert.True(SchemaValidator.Anthropic.HasSchema("Message"));
    }

    [Fact]
    public void Only_the_ref_closure_of_the_requested_schema_is_loaded()
    {
        var closure = SchemaValidator.OpenAI.Closure("CreateChatCompletionRequest");

        Assert.Equal("CreateChatCompletionRequest", closure[0]);
        Assert.Contains("ChatCompletionRequestMessage", closure);
        Assert.Contains("ChatCompletionRequestMessageContentPartImage", closure);
        Assert.DoesNotContain("CreateEmbeddingRequest", closure);
        Assert.True(closure.Count < 100, $"closure has {closure.Count} schemas");
        Assert.True(SchemaValidator.OpenAI.SchemaNames.Count > 1000);
        Assert.Equal(closure.Count, closure.Distinct().Count());
    }

    [Fact]
    public void Normalized_document_has_no_const_nullable_or_components_references()
    {
        foreach (var (validator, schema) in new[] { (SchemaValidator.Anthropic, "CreateMessageParams"), (SchemaValidator.OpenAI, "CreateChatCompletionStreamResponse") })
        {
            var json = validator.NormalizedSchemaJson(schema);
            Assert.DoesNotContain("\"const\"", json, StringComparison.Ordinal);
            Assert.DoesNotContain("\"nullable\"", json, StringComparison.Ordinal);
            Assert.DoesNotContain("#/components/schemas/", json, StringComparison.Ordinal);
            Assert.StartsWith("{\"$ref\":\"#/definitions/" + schema + "\"", json, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_fresh_validator_loads_the_big_OpenAI_document_quickly_and_caches_the_schema()
    {
        var validator = SchemaValidator.FromFile("openai", RepoPaths.SpecPath("openai"));
        var payload = File.ReadAllText(Path.Combine(RepoPaths.CorpusDir, "openai/CreateChatCompletionRequest/all-roles.json"));

        var first = Stopwatch.StartNew();
        Assert.Empty(validator.Validate("CreateChatCompletionRequest", payload));
        first.Stop();

        var second = Stopwatch.StartNew();
        Assert.Empty(validator.Validate("CreateChatCompletionRequest", payload));
        second.Stop();

        Assert.True(first.Elapsed < TimeSpan.FromSeconds(15), $"first validation took {first.Elapsed}");
        Assert.True(second.Elapsed < first.Elapsed, $"cached validation ({second.Elapsed}) was not faster than the first ({first.Elapsed})");
    }

    [Fact]
    public void Parallel_validation_against_shared_validators_is_consistent()
    {
        var fresh = SchemaValidator.FromFile("anthropic", RepoPaths.SpecPath("anthropic"));
        var cases = Protocols.Testing.Corpus.ValidCases("anthropic");
        var results = new System.Collections.Concurrent.ConcurrentBag<string>();

        Parallel.ForEach(
            Enumerable.Range(0, 2).SelectMany(_ => cases),
            new ParallelOptions { MaxDegreeOfParallelism = 8 },
            c =>
            {
                foreach (var error in fresh.Validate(c.SchemaName, c.ReadText()))
                {
                    results.Add($"{c}: {error}");
                }
            });

        Assert.Empty(results);
    }

    // ---------------------------------------------------------------- NJsonSchema quirks, pinned on an inline document

    private const string QuirksDocument = """
        {
          "openapi": "3.1.0",
          "components": {
            "schemas": {
              "Tagged": { "type": "object", "required": ["type"], "properties": { "type": { "type": "string", "const": "a" } } },
              "Other": { "type": "object", "required": ["type", "b"], "properties": { "type": { "const": "b" }, "b": { "type": "integer" } } },
              "Union": {
                "oneOf": [ { "$ref": "#/components/schemas/Tagged" }, { "$ref": "#/components/schemas/Other" } ],
                "discriminator": { "propertyName": "type", "mapping": { "a": "#/components/schemas/Tagged", "b": "#/components/schemas/Other" } }
              },
              "Nullable30": { "type": "object", "required": ["n"], "properties": { "n": { "type": "integer", "nullable": true } } },
              "NullableEnum30": { "type": "object", "properties": { "e": { "type": "string", "enum": ["x", "y"], "nullable": true } } },
              "NullableRef30": { "type": "object", "properties": { "r": { "$ref": "#/components/schemas/Tagged", "nullable": true } } },
              "NullableUnionItems30": { "type": "array", "items": { "oneOf": [ { "$ref": "#/components/schemas/Tagged" }, { "type": "integer" } ], "nullable": true } },
              "Null31": { "type": "object", "required": ["m"], "properties": { "m": { "anyOf": [ { "type": "string" }, { "type": "null" } ] } } },
              "TypeArray31": { "type": "object", "properties": { "t": { "type": ["integer", "null"] } } },
              "RefWithSibling31": { "type": "object", "properties": { "s": { "$ref": "#/components/schemas/Loose", "required": ["k"] } } },
              "OneOfWithSibling": { "type": "object", "properties": { "w": { "oneOf": [ { "$ref": "#/components/schemas/Loose" } ], "required": ["k"] } } },
              "ArrayOfRefWithSibling": { "type": "array", "items": { "allOf": [ { "$ref": "#/components/schemas/Loose" } ], "minProperties": 1 } },
              "Loose": { "type": "object" },
              "ExclusiveMinimum31": { "type": "object", "properties": { "x": { "type": "integer", "exclusiveMinimum": 0 } } },
              "ExclusiveMinimum30": { "type": "object", "properties": { "x": { "type": "integer", "minimum": 0, "exclusiveMinimum": true } } },
              "Closed": { "type": "object", "additionalProperties": false, "properties": { "a": { "type": "string" } } },
              "BooleanSchemas": { "type": "object", "properties": { "anything": true, "nothing": false } },
              "ConstNumber": { "type": "object", "properties": { "v": { "const": 2 } } },
              "Formats": { "type": "object", "properties": { "when": { "type": "string", "format": "date-time" }, "link": { "type": "string", "format": "uri" }, "data": { "type": "string", "format": "byte" } } },
              "Unrelated": { "type": "object", "properties": { "u": { "$ref": "#/components/schemas/Tagged" } } }
            }
          }
        }
        """;

    private static readonly SchemaValidator Quirks = SchemaValidator.FromDocument("quirks", QuirksDocument);

    [Theory]
    // const is enforced (NJsonSchema ignores it; rewritten to a one-value enum).
    [InlineData("Tagged", """{"type": "a"}""", null)]
    [InlineData("Tagged", """{"type": "z"}""", "$.type")]
    [InlineData("ConstNumber", """{"v": 2}""", null)]
    [InlineData("ConstNumber", """{"v": 3}""", "$.v")]
    // oneOf with const tags: the matching variant's own errors are reported.
    [InlineData("Union", """{"type": "b", "b": 1}""", null)]
    [InlineData("Union", """{"type": "b", "b": "one"}""", "$.b")]
    [InlineData("Union", """{"type": "c"}""", "$")]
    // OpenAPI 3.0 nullable: true, on a property, an enum, a $ref and a composed array item.
    [InlineData("Nullable30", """{"n": null}""", null)]
    [InlineData("Nullable30", """{"n": "1"}""", "$.n")]
    [InlineData("Nullable30", """{}""", "$.n")]
    [InlineData("NullableEnum30", """{"e": null}""", null)]
    [InlineData("NullableEnum30", """{"e": "z"}""", "$.e")]
    [InlineData("NullableRef30", """{"r": null}""", null)]
    [InlineData("NullableRef30", """{"r": {"type": "z"}}""", "$.r")]
    [InlineData("NullableRef30", """{"r": {}}""", "$.r.type")]
    [InlineData("NullableUnionItems30", """[null, 1, {"type": "a"}]""", null)]
    [InlineData("NullableUnionItems30", """[null, "x"]""", "$[1]")]
    // OpenAPI 3.1 null types: anyOf with {type: null}, and type arrays.
    [InlineData("Null31", """{"m": null}""", null)]
    [InlineData("Null31", """{"m": 5}""", "$.m")]
    [InlineData("Null31", """{}""", "$.m")]
    [InlineData("TypeArray31", """{"t": null}""", null)]
    [InlineData("TypeArray31", """{"t": 1.5}""", "$.t")]
    // 3.1 keywords next to $ref are still checked (NJsonSchema would follow the $ref and drop them).
    [InlineData("RefWithSibling31", """{"s": {"k": 1}}""", null)]
    [InlineData("RefWithSibling31", """{"s": {}}""", "$.s.k")]
    // …and so are keywords next to a one-element allOf/anyOf/oneOf wrapping a $ref (NJsonSchema reads it as the bare reference).
    [InlineData("OneOfWithSibling", """{"w": {"k": 1}}""", null)]
    [InlineData("OneOfWithSibling", """{"w": {}}""", "$.w.k")]
    [InlineData("ArrayOfRefWithSibling", """[{"a": 1}]""", null)]
    [InlineData("ArrayOfRefWithSibling", """[{}]""", "$[0]")]
    // exclusiveMinimum in both its 3.1 (number) and 3.0 (boolean) forms.
    [InlineData("ExclusiveMinimum31", """{"x": 1}""", null)]
    [InlineData("ExclusiveMinimum31", """{"x": 0}""", "$.x")]
    [InlineData("ExclusiveMinimum30", """{"x": 0}""", "$.x")]
    // additionalProperties: false, and boolean schemas.
    [InlineData("Closed", """{"a": "x"}""", null)]
    [InlineData("Closed", """{"a": "x", "b": 1}""", "$.b")]
    [InlineData("BooleanSchemas", """{"anything": [1, {"a": null}]}""", null)]
    [InlineData("BooleanSchemas", """{"nothing": 1}""", "$.nothing")]
    // `format` is checked (NJsonSchema's parameterless validator checks none); data: URLs are URIs.
    [InlineData("Formats", """{"when": "2025-09-10T12:34:56.789000+00:00", "link": "data:image/png;base64,iVBORw0KGgo=", "data": "JVBERi0xLjQK"}""", null)]
    [InlineData("Formats", """{"when": "yesterday"}""", "$.when")]
    [InlineData("Formats", """{"link": "not a uri"}""", "$.link")]
    [InlineData("Formats", """{"data": "%%% not base64"}""", "$.data")]
    public void Quirk_is_worked_around(string schema, string json, string? expectedErrorPath)
    {
        var errors = Quirks.ValidateDetailed(schema, json);
        if (expectedErrorPath is null)
        {
            Assert.Empty(errors);
        }
        else
        {
            Assert.True(errors.Any(e => e.Path == expectedErrorPath), $"expected an error at {expectedErrorPath}, got: {string.Join(" | ", errors)}");
        }
    }

    [Fact]
    public void Quirk_closure_excludes_unreferenced_schemas()
    {
        Assert.Equal(["Union", "Tagged", "Other"], Quirks.Closure("Union"));
        Assert.Equal(["Loose"], Quirks.Closure("Loose"));
    }

    [Fact]
    public async Task Pin_raw_NJsonSchema_ignores_const()
    {
        // Why the const → enum rewrite exists. If an NJsonSchema upgrade makes this fail, the rewrite may go.
        var schema = await JsonSchema.FromJsonAsync("""{"type": "object", "properties": {"type": {"type": "string", "const": "a"}}}""");
        Assert.Empty(schema.Validate("""{"type": "z"}"""));
    }

    [Fact]
    public async Task Pin_raw_NJsonSchema_parameterless_validator_checks_no_format()
    {
        // Why SchemaValidator passes JsonSchemaValidatorSettings.
        var schema = await JsonSchema.FromJsonAsync("""{"type": "object", "properties": {"when": {"type": "string", "format": "date-time"}}}""");
        const string json = """{"when": "yesterday"}""";
        Assert.Empty(new JsonSchemaValidator().Validate(json, schema));
        Assert.NotEmpty(new JsonSchemaValidator(new JsonSchemaValidatorSettings()).Validate(json, schema));
    }

    [Fact]
    public async Task Pin_raw_NJsonSchema_drops_keywords_next_to_a_one_element_allOf_reference()
    {
        // Why AvoidWrapperReferences exists: `required` next to allOf: [$ref] is silently ignored.
        var schema = await JsonSchema.FromJsonAsync("""
            {"definitions": {"Loose": {"type": "object"}}, "type": "object",
             "properties": {"s": {"allOf": [{"$ref": "#/definitions/Loose"}], "required": ["k"]}}}
            """);
        Assert.Empty(schema.Validate("""{"s": {}}"""));
    }

    [Fact]
    public async Task Pin_raw_NJsonSchema_loses_nullable_on_composed_array_items()
    {
        // Why nullable is rewritten to null types instead of relying on SchemaType.OpenApi3.
        const string json = """{"type": "array", "items": {"oneOf": [{"type": "integer"}], "nullable": true}}""";
        var schema = await JsonSchemaSerialization.FromJsonAsync<JsonSchema>(
            json,
            SchemaType.OpenApi3,
            documentPath: null,
            s => new JsonReferenceResolver(new JsonSchemaAppender(s, new DefaultTypeNameGenerator())),
            JsonSchema.CreateJsonSerializerContractResolver(SchemaType.OpenApi3),
            CancellationToken.None);
        Assert.True(schema.Item!.IsNullableRaw);

        var errors = new JsonSchemaValidator().Validate("[null]", schema, SchemaType.OpenApi3);
        Assert.NotEmpty(errors);
    }

    private static JsonObject Corpus(string relativePath) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.CorpusDir, relativePath)))!.AsObject();
}
