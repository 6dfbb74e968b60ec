namespace Protocols.SpecTool;

/// <summary>The <c>protocols-spec</c> executable.</summary>
public static class Program
{
    /// <summary>Entry point: see <see cref="SpecToolCli"/>.</summary>
    /// <param name="args">The command line.</param>
    /// <returns>The exit code (<see cref="ExitCodes"/>).</returns>
    public static int Main(string[] args) => SpecToolCli.Run(args, Console.Out, Console.Error);
}
