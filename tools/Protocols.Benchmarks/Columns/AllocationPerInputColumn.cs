using System.Globalization;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Protocols.Benchmarks;

/// <summary>Allocated bytes per operation divided by the input size.</summary>
internal sealed class AllocationPerInputColumn() : ReportColumn("Alloc/Input", "Allocated bytes per operation / input bytes (target ≤ 2)")
{
    protected override string? Value(Summary summary, BenchmarkCase benchmarkCase)
    {
        long input = InputBytes(benchmarkCase);
        return input > 0 && Measured(summary, benchmarkCase) is { } m
            ? (m.Allocated / (double)input).ToString("0.00", CultureInfo.InvariantCulture)
            : null;
    }
}
