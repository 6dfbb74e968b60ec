using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Protocols.Benchmarks;

/// <summary>A column computed from the benchmark's input and the floor's numbers in the same summary.</summary>
internal abstract class ReportColumn(string name, string legend) : IColumn
{
    /// <summary>The time target: translation mean at most this many times the floor's mean.</summary>
    public const double TimeTarget = 3.0;

    /// <summary>The allocation target: allocated bytes at most this many times the input size.</summary>
    public const double AllocationTarget = 2.0;

    public string Id => GetType().Name;

    public string ColumnName { get; } = name;

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => false;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend { get; } = legend;

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        Value(summary, benchmarkCase) ?? "-";

    /// <summary>The cell, or null for "-".</summary>
    protected abstract string? Value(Summary summary, BenchmarkCase benchmarkCase);

    /// <summary>The input size of the case's benchmark class.</summary>
    protected static long InputBytes(BenchmarkCase benchmarkCase) =>
        Activator.CreateInstance(benchmarkCase.Descriptor.Type) is ITranslationBenchmark benchmark ? benchmark.InputBytes : 0;

    /// <summary>Mean time (ns) and allocated bytes per operation, when measured.</summary>
    protected static (double MeanNs, long Allocated)? Measured(Summary summary, BenchmarkCase benchmarkCase)
    {
        var report = summary[benchmarkCase];
        if (report?.ResultStatistics is not { } stats)
        {
            return null;
        }

        long allocated = report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase) ?? 0;
        return (stats.Mean, allocated);
    }

    /// <summary>The floor (baseline) case of the same benchmark class.</summary>
    protected static BenchmarkCase? Floor(Summary summary, BenchmarkCase benchmarkCase) =>
        summary.BenchmarksCases.FirstOrDefault(c => c.Descriptor.Type == benchmarkCase.Descriptor.Type && c.Descriptor.Baseline);
}

/// <summary>The input size in bytes.</summary>
internal sealed class InputSizeColumn() : ReportColumn("Input", "Input size in bytes (for the stream: the 200 chunk payloads)")
{
    protected override string? Value(Summary summary, BenchmarkCase benchmarkCase) => InputBytes(benchmarkCase).ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " B";
}

/// <summary>Allocated bytes per operation divided by the input size.</summary>
internal sealed class AllocationPerInputColumn() : ReportColumn("Alloc/Input", "Allocated bytes per operation / input bytes (target ≤ 2)")
{
    protected override string? Value(Summary summary, BenchmarkCase benchmarkCase)
    {
        long input = InputBytes(benchmarkCase);
        return input > 0 && Measured(summary, benchmarkCase) is { } m
            ? (m.Allocated / (double)input).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)
            : null;
    }
}

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
