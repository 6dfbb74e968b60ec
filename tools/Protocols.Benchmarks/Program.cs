using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Running;
using Protocols.Benchmarks;

// `--smoke`: run every benchmark body once and check its output (seconds, no measurement).
// Anything else goes to BenchmarkDotNet, e.g. `--filter '*'` or `--filter '*' --job short`.
if (args.Contains("--smoke", StringComparer.Ordinal))
{
    return Smoke.Run(Console.Out);
}

// `--allocations`: bytes per stage and the allocating types (sampled), for the analysis in docs/performance.md.
if (args.Contains("--allocations", StringComparer.Ordinal))
{
    return AllocationProfile.Run(Console.Out);
}

var config = DefaultConfig.Instance
    .AddDiagnoser(MemoryDiagnoser.Default)
    .AddColumn(new InputSizeColumn(), new AllocationPerInputColumn(), new TargetColumn());
BenchmarkSwitcher.FromAssembly(typeof(Smoke).Assembly).Run(args, config);
return 0;
