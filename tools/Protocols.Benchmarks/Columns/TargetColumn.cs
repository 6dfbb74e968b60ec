using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Protocols.Benchmarks;

/// <summary>Whether the translation meets both targets: time ≤ 3× the floor, allocation ≤ 2× the input.</summary>
internal sealed class TargetColumn() : ReportColumn("Target", "time ≤ 3× floor and allocated ≤ 2× input")
{
    protected override string? Value(Summary summary, BenchmarkCase benchmarkCase)
    {
        if (benchmarkCase.Descriptor.Baseline
            || Floor(summary, benchmarkCase) is not { } floorCase
            || Measured(summary, floorCase) is not { } floor
            || Measured(summary, benchmarkCase) is not { } m)
        {
            return null;
        }

        long input = InputBytes(benchmarkCase);
        double timeRatio = m.MeanNs / floor.MeanNs;
        double allocRatio = input > 0 ? m.Allocated / (double)input : double.NaN;
        string time = timeRatio <= TimeTarget ? "time met" : "time MISSED";
        string alloc = allocRatio <= AllocationTarget ? "alloc met" : "alloc MISSED";
        return time + ", " + alloc;
    }
}
