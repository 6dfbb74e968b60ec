using Protocols.Testing;

namespace Protocols.Schemas.Tests;

/// <summary>The repository is found from the test's output folder, and holds what the tests read.</summary>
public sealed class RepoPathsTests
{
    [Fact]
    public void Root_holds_the_solution_and_the_test_inputs()
    {
        Assert.True(File.Exists(Path.Combine(RepoPaths.Root, "Protocols.sln")));
        Assert.True(Directory.Exists(RepoPaths.CorpusDir));
        Assert.True(Directory.Exists(RepoPaths.FixturesDir));
        Assert.True(File.Exists(RepoPaths.SpecPath("anthropic")));
        Assert.True(File.Exists(RepoPaths.SpecPath("openai")));
        Assert.StartsWith(RepoPaths.Root, AppContext.BaseDirectory, StringComparison.Ordinal);
    }

    [Fact]
    public void FindRootFrom_walks_up_and_returns_null_outside_the_repository()
    {
        Assert.Equal(RepoPaths.Root, RepoPaths.FindRootFrom(Path.Combine(RepoPaths.CorpusDir, "anthropic")));
        Assert.Null(RepoPaths.FindRootFrom(Path.GetPathRoot(RepoPaths.Root)!));
    }
}
