using Spectre.Console;

namespace Protocols.SpecTool.Output;

/// <summary>
/// Spectre.Console consoles over any <see cref="TextWriter"/>. Colour only for the process's own
/// stdout/stderr when it is a terminal and <c>NO_COLOR</c> is unset (https://no-color.org); anything
/// else (pipes, files, CI logs, tests' <see cref="StringWriter"/>s) gets plain text. Reports are
/// line-oriented, so Spectre is never asked to wrap: long lines are left to the terminal (or the
/// log viewer) instead of being broken into two report lines.
/// </summary>
internal static class ConsoleFactory
{
    public static IAnsiConsole Create(TextWriter writer)
    {
        var color = IsTerminal(writer) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
            && Environment.GetEnvironmentVariable("TERM") != "dumb";
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = color ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = color ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 1000;
        return console;
    }

    private static bool IsTerminal(TextWriter writer) =>
        (ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected)
        || (ReferenceEquals(writer, Console.Error) && !Console.IsErrorRedirected);
}
