namespace Protocols.Testing;

/// <summary>One reason a payload does not match a vendor schema.</summary>
/// <param name="Path">
/// Where in the payload, as a JSONPath: <c>$</c> is the root, then <c>.name</c> and <c>[index]</c> steps
/// (e.g. <c>$.content[0].text</c>). For a missing member, the path of the member that should be there.
/// </param>
/// <param name="Kind">
/// What went wrong, as an NJsonSchema <c>ValidationErrorKind</c> name (<c>PropertyRequired</c>, <c>StringExpected</c>,
/// <c>NotInEnumeration</c>, <c>NoAdditionalPropertiesAllowed</c>, <c>NotOneOf</c>, …).
/// </param>
/// <param name="Message">A human-readable explanation (expected values, the variant tried, …).</param>
public sealed record SchemaValidationError(string Path, string Kind, string Message)
{
    /// <summary>Formats the error as <c>path: Kind — message</c>.</summary>
    /// <returns>One line of text.</returns>
    public override string ToString() => $"{Path}: {Kind} — {Message}";
}

/// <summary>Thrown by <see cref="SchemaValidator.AssertValid(string, string)"/> when a payload does not match its schema.</summary>
public sealed class SchemaValidationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="vendor">The vendor whose document was used.</param>
    /// <param name="schemaName">The schema validated against.</param>
    /// <param name="errors">Every error found.</param>
    public SchemaValidationException(string vendor, string schemaName, IReadOnlyList<SchemaValidationError> errors)
        : base(FormatMessage(vendor, schemaName, errors))
    {
        Vendor = vendor;
        SchemaName = schemaName;
        Errors = errors;
    }

    /// <summary>The vendor whose document was used.</summary>
    public string Vendor { get; }

    /// <summary>The schema validated against.</summary>
    public string SchemaName { get; }

    /// <summary>Every error found.</summary>
    public IReadOnlyList<SchemaValidationError> Errors { get; }

    private static string FormatMessage(string vendor, string schemaName, IReadOnlyList<SchemaValidationError> errors) =>
        $"Payload does not match {vendor}/{schemaName} ({errors.Count} error(s)):{Environment.NewLine}  "
        + string.Join(Environment.NewLine + "  ", errors);
}
