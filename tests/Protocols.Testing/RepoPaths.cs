namespace Protocols.Testing;

/// <summary>
/// Locates the repository from a running test: walks up from <see cref="AppContext.BaseDirectory"/>
/// to the folder that holds <c>Protocols.sln</c>. Everything a test reads (vendor specs, corpus,
/// fixtures) lives inside the repository, so tests never depend on anything outside it.
/// </summary>
public static class RepoPaths
{
    private const string SolutionFileName = "Protocols.sln";

    private static readonly Lazy<string> LazyRoot = new(FindRoot, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The repository root: the folder that contains <c>Protocols.sln</c>.</summary>
    /// <exception cref="DirectoryNotFoundException">No ancestor of the test's base directory holds the solution file.</exception>
    public static string Root => LazyRoot.Value;

    /// <summary>The committed vendor documents: <c>specs/</c>.</summary>
    public static string SpecsDir => Path.Combine(Root, "specs");

    /// <summary>The payload corpus: <c>tests/corpus/</c>.</summary>
    public static string CorpusDir => Path.Combine(Root, "tests", "corpus");

    /// <summary>Captured real-world inputs: <c>tests/fixtures/</c>.</summary>
    public static string FixturesDir => Path.Combine(Root, "tests", "fixtures");

    /// <summary>The OpenAPI document of a vendor: <c>specs/&lt;vendor&gt;/&lt;vendor&gt;.openapi.json</c>.</summary>
    /// <param name="vendor">The vendor folder name, e.g. <c>anthropic</c> or <c>openai</c>.</param>
    /// <returns>The absolute path of the document (which may not exist for an unknown vendor).</returns>
    public static string SpecPath(string vendor)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(vendor);
        return Path.Combine(SpecsDir, vendor, vendor + ".openapi.json");
    }

    /// <summary>Finds the repository root by walking up from <paramref name="start"/>.</summary>
    /// <param name="start">The directory to start from.</param>
    /// <returns>The first ancestor (or <paramref name="start"/> itself) that contains <c>Protocols.sln</c>, or <see langword="null"/>.</returns>
    public static string? FindRootFrom(string start)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(start);
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFileName)))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    private static string FindRoot() =>
        FindRootFrom(AppContext.BaseDirectory)
        ?? throw new DirectoryNotFoundException(
            $"No folder containing {SolutionFileName} above '{AppContext.BaseDirectory}': run the tests from inside the repository.");
}
