using System.Text.Json.Nodes;
using Protocols.Testing;

namespace Protocols.Dtos.Tests;

/// <summary>Every corpus payload: deserialize → serialize gives semantically equal JSON.</summary>
public sealed class RoundTripTests
{
    public static TheoryData<string> ValidCases()
    {
        var data = new TheoryData<string>();
        foreach (var c in Corpus.ValidCases())
        {
            data.Add(c.RelativePath);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ValidCases))]
    public void Corpus_RoundTripsUnchanged(string relativePath)
    {
        var c = Corpus.ValidCases().Single(x => x.RelativePath == relativePath);
        var original = c.ReadText();
        var written = Codec.Write(Codec.Read(c.Vendor, c.SchemaName, File.ReadAllBytes(c.FullPath)));
        AssertSameJson(original, written);
    }

    internal static void AssertSameJson(string expected, string actual)
    {
        var e = JsonNode.Parse(expected);
        var a = JsonNode.Parse(actual);
        Assert.True(JsonNode.DeepEquals(e, a), $"JSON differs.\nexpected: {e?.ToJsonString()}\nactual:   {a?.ToJsonString()}");
    }
}
