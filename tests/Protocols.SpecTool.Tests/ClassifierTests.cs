using Protocols.SpecTool.Diff;
using Protocols.SpecTool.Schemas;

namespace Protocols.SpecTool.Tests;

/// <summary>The classification table of the README, row by row, for each direction.</summary>
public sealed class ClassifierTests
{
    [Theory]
    //          kind                                      request     response    both        needs handling
    [InlineData(nameof(ChangeKind.SchemaAdded),           "additive", "additive", "additive", false)]
    [InlineData(nameof(ChangeKind.SchemaRemoved),         "breaking", "breaking", "breaking", false)]
    [InlineData(nameof(ChangeKind.MemberAdded),           "additive", "additive", "additive", false)]
    [InlineData(nameof(ChangeKind.RequiredMemberAdded),   "breaking", "breaking", "breaking", false)]
    [InlineData(nameof(ChangeKind.MemberRemoved),         "breaking", "breaking", "breaking", false)]
    [InlineData(nameof(ChangeKind.TypeChanged),           "breaking", "breaking", "breaking", false)]
    [InlineData(nameof(ChangeKind.EnumValueAdded),        "additive", "additive", "additive", true)]
    [InlineData(nameof(ChangeKind.EnumValueRemoved),      "breaking", "breaking", "breaking", false)]
    [InlineData(nameof(ChangeKind.VariantAdded),          "additive", "additive", "additive", true)]
    [InlineData(nameof(ChangeKind.VariantRemoved),        "breaking", "breaking", "breaking", false)]
    [InlineData(nameof(ChangeKind.MadeRequired),          "breaking", "breaking", "breaking", false)]
    [InlineData(nameof(ChangeKind.MadeOptional),          "additive", "breaking", "breaking", false)]
    [InlineData(nameof(ChangeKind.NullableAdded),         "additive", "breaking", "breaking", false)]
    [InlineData(nameof(ChangeKind.NullableRemoved),       "breaking", "additive", "breaking", false)]
    public void Classification_table(string kindName, string request, string response, string both, bool needsHandling)
    {
        var kind = Enum.Parse<ChangeKind>(kindName);
        Assert.Equal(request, Name(ChangeClassifier.Classify(kind, Direction.Request)));
        Assert.Equal(response, Name(ChangeClassifier.Classify(kind, Direction.Response)));
        Assert.Equal(both, Name(ChangeClassifier.Classify(kind, Direction.Both)));
        Assert.All([Direction.Request, Direction.Response, Direction.Both], d => Assert.Equal(needsHandling, ChangeClassifier.Classify(kind, d).NeedsHandling));

        static string Name((Severity Severity, bool NeedsHandling) c) => c.Severity == Severity.Breaking ? "breaking" : "additive";
    }
}
