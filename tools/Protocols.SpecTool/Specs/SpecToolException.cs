namespace Protocols.SpecTool.Specs;

/// <summary>
/// A problem that stops a command (unreadable file, invalid JSON, bad settings): the message is
/// printed on the error writer and <see cref="ExitCode"/> becomes the process exit code.
/// </summary>
internal sealed class SpecToolException(string message, int exitCode = ExitCodes.Unusable) : Exception(message)
{
    /// <summary>The exit code the command returns.</summary>
    public int ExitCode { get; } = exitCode;
}
