using Protocols.SpecTool.Output;
using Protocols.SpecTool.Specs;
using Spectre.Console;

namespace Protocols.SpecTool;

/// <summary>Where a command writes and which directory relative paths start from.</summary>
internal sealed class ToolContext(TextWriter output, TextWriter error, string currentDirectory)
{
    /// <summary>The raw output writer (JSON reports).</summary>
    public TextWriter OutWriter { get; } = output;

    /// <summary>The error writer.</summary>
    public TextWriter ErrorWriter { get; } = error;

    /// <summary>Console for reports.</summary>
    public IAnsiConsole Out { get; } = ConsoleFactory.Create(output);

    /// <summary>Console for warnings about the run itself.</summary>
    public IAnsiConsole Error { get; } = ConsoleFactory.Create(error);

    /// <summary>The directory relative paths are relative to.</summary>
    public string CurrentDirectory { get; } = currentDirectory;

    /// <summary>A path made absolute against <see cref="CurrentDirectory"/>.</summary>
    public string Resolve(string path) => Path.GetFullPath(path, CurrentDirectory);

    /// <summary>
    /// Runs a command body: a <see cref="SpecToolException"/> becomes its message on stderr and its
    /// exit code; file system errors and unexpected exceptions exit 2.
    /// </summary>
    public int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (SpecToolException e)
        {
            ErrorWriter.WriteLine(e.Message);
            return e.ExitCode;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ErrorWriter.WriteLine($"error: {e.Message}");
            return ExitCodes.Unusable;
        }
        catch (Exception e)
        {
            // A bug, not a finding: System.CommandLine's own handler would return 1, which a
            // script would read as "breaking changes". Print everything and return 2.
            ErrorWriter.WriteLine($"internal error: {e}");
            return ExitCodes.Unusable;
        }
    }
}
