namespace Protocols.Client.Tests.Readme;

/// <summary>The top-level README's "use it as a library" code is the same tested, executed snippet.</summary>
public partial class ReadmeTests
{
    [Fact]
    public void The_top_level_readme_shows_the_tested_quickstart()
    {
        var readme = RepoFile("README.md").ReplaceLineEndings("\n");
        var source = RepoFile("tests", "Protocols.Client.Tests", "Readme", "ReadmeSnippets.cs").ReplaceLineEndings("\n");
        var snippets = SnippetRegion().Matches(source).ToDictionary(m => m.Groups["name"].Value, m => Dedent(m.Groups["code"].Value));
        var blocks = ReadmeBlock().Matches(readme).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["code"].Value.Trim('\n'));

        Assert.Contains("quickstart", blocks.Keys);
        foreach (var (name, code) in blocks)
        {
            Assert.Equal(snippets[name], code);
        }
    }
}
