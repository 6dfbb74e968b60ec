using System.CommandLine;
using Protocols.SpecTool.Commands;

namespace Protocols.SpecTool;

/// <summary>
/// The <c>protocols-spec</c> command line: <c>check</c>, <c>diff</c> and <c>update</c>. Callable
/// in-process (tests) with any writers; exit codes are in <see cref="ExitCodes"/>.
/// </summary>
public static class SpecToolCli
{
    /// <summary>Runs the tool with the process's current directory.</summary>
    /// <param name="args">The command line, without the program name.</param>
    /// <param name="output">Where reports go (stdout).</param>
    /// <param name="error">Where errors go (stderr).</param>
    /// <returns>The exit code (<see cref="ExitCodes"/>).</returns>
    public static int Run(string[] args, TextWriter output, TextWriter error) =>
        Run(args, output, error, Environment.CurrentDirectory);

    /// <summary>Runs the tool as if started in <paramref name="currentDirectory"/>.</summary>
    /// <param name="args">The command line, without the program name.</param>
    /// <param name="output">Where reports go (stdout).</param>
    /// <param name="error">Where errors go (stderr).</param>
    /// <param name="currentDirectory">The directory relative paths (and the search for <c>Protocols.sln</c>) start from.</param>
    /// <returns>The exit code (<see cref="ExitCodes"/>).</returns>
    public static int Run(string[] args, TextWriter output, TextWriter error, string currentDirectory)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var context = new ToolContext(output, error, currentDirectory);
        var root = new RootCommand("protocols-spec: check vendor OpenAPI documents, diff two versions within the generated roots' closure, update specs/.")
        {
            CheckCommand.Create(context),
            DiffCommand.Create(context),
            UpdateCommand.Create(context),
        };

        var parseResult = root.Parse(args);
        var invocation = new InvocationConfiguration { Output = output, Error = error };
        var exitCode = parseResult.Invoke(invocation);

        // Usage errors print System.CommandLine's message and help, but must not look like
        // "breaking changes found" (1) to a script: they are "nothing could be done" (2).
        return parseResult.Errors.Count > 0 ? ExitCodes.Unusable : exitCode;
    }
}
