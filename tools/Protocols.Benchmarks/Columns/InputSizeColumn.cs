using System.Globalization;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Protocols.Benchmarks;

/// <summary>The input size in bytes.</summary>
internal sealed class InputSizeColumn() : ReportColumn("Input", "Input size in bytes (for the stream: the 200 chunk payloads)")
{
    protected override string? Value(Summary summary, BenchmarkCase benchmarkCase) => InputBytes(benchmarkCase).ToString("N0", CultureInfo.InvariantCulture) + " B";
}
