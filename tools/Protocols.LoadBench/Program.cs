using System.Globalization;
using Protocols.LoadBench;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

switch (args.FirstOrDefault())
{
    case "upstream":
        await Servers.RunUpstreamAsync();
        return 0;
    case "forwarder" when args.Length == 2:
        await Servers.RunForwarderAsync(args[1]);
        return 0;
    case "proxy-host" when args.Length >= 2:
        return await ProxyHost.RunAsync(args[1], args[2..]);
    case "-h" or "--help":
        Console.WriteLine(BenchOptions.Usage);
        return 0;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args.FirstOrDefault() == "run" ? args[1..] : args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    await Console.Error.WriteLineAsync("error: " + e.Message);
    await Console.Error.WriteLineAsync(BenchOptions.Usage);
    return 2;
}

var results = await Runner.RunAsync(options, Console.Out);
var markdown = Report.Markdown(results);
Console.WriteLine();
Console.WriteLine(markdown);
if (options.Out is not null)
{
    Directory.CreateDirectory(Path.GetDirectoryName(options.Out)!);
    await File.WriteAllTextAsync(options.Out, markdown);
    Console.WriteLine("written to " + options.Out);
}

return 0;
