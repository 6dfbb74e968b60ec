using Xunit.Abstractions;

namespace Protocols.Schemas.Tests;

/// <summary>
/// A theory argument naming a file under tests/corpus/. xunit shortens string arguments to 50 characters in test
/// names; an argument type with its own <see cref="ToString"/> is shown in full, so every test name carries the
/// whole path. Serializable, so each file is still its own test case.
/// </summary>
public sealed class CorpusFile : IXunitSerializable
{
    /// <summary>For the xunit deserializer.</summary>
    public CorpusFile()
    {
    }

    public CorpusFile(string relativePath) => RelativePath = relativePath;

    /// <summary>The path under tests/corpus/, with forward slashes.</summary>
    public string RelativePath { get; private set; } = "";

    public void Deserialize(IXunitSerializationInfo info) => RelativePath = info.GetValue<string>(nameof(RelativePath));

    public void Serialize(IXunitSerializationInfo info) => info.AddValue(nameof(RelativePath), RelativePath);

    public override string ToString() => RelativePath;

    /// <summary>Theory rows for a list of paths.</summary>
    public static TheoryData<CorpusFile> Rows(IEnumerable<string> relativePaths)
    {
        var data = new TheoryData<CorpusFile>();
        foreach (var path in relativePaths)
        {
            data.Add(new CorpusFile(path));
        }

        return data;
    }
}
