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

    /// <summary>Mean time (ns) and allocated bytes per operation, when both were measured.</summary>
    protected static (double MeanNs, long Allocated)? Measured(Summary summary, BenchmarkCase benchmarkCase)
    {
        var report = summary[benchmarkCase];
        if (report?.ResultStatistics is not { } stats || report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase) is not { } allocated)
        {
            return null;
        }

        return (stats.Mean, allocated);
    }

    /// <summary>The floor (baseline) case of the same benchmark class.</summary>
    protected static BenchmarkCase? Floor(Summary summary, BenchmarkCase benchmarkCase) =>
        summary.BenchmarksCases.FirstOrDefault(c => c.Descriptor.Type == benchmarkCase.Descriptor.Type && c.Descriptor.Baseline);
}
