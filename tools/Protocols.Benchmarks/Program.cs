using System.Reflection;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Running;
using Protocols.Benchmarks;

// `--smoke`: run every benchmark body once and check its output (seconds, no measurement).
if (args.Contains("--smoke", StringComparer.Ordinal))
{
    return Smoke.Run(Console.Out);
}

// `--allocations`: bytes per stage and the allocating types (sampled), for the analysis in docs/performance.md.
if (args.Contains("--allocations", StringComparer.Ordinal))
{
    return AllocationProfile.Run(Console.Out);
}

// Anything else goes to BenchmarkDotNet, e.g. `--filter '*'` or `--filter '*' --job short`.
var config = DefaultConfig.Instance
    .AddDiagnoser(MemoryDiagnoser.Default)
    .AddColumn(new InputSizeColumn(), new AllocationPerInputColumn(), new TargetColumn())

    // Results next to the project, not in whatever directory the command was started from.
    .WithArtifactsPath(ProjectPath("BenchmarkDotNet.Artifacts"))

    // The out-of-process run rebuilds the generator and the DTO projects: on a busy 2-core machine that
    // takes longer than the default two minutes.
    .WithBuildTimeout(TimeSpan.FromMinutes(10));
BenchmarkSwitcher.FromAssembly(typeof(Smoke).Assembly).Run(args, config);
return 0;

static string ProjectPath(string name)
{
    var projectDir = typeof(Smoke).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == "ProjectDirectory")?.Value ?? Directory.GetCurrentDirectory();
    return Path.Combine(projectDir, name);
}
