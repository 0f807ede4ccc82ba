using BenchmarkDotNet.Attributes;
using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Benchmarks;

/// <summary>
/// Starts one workflow instance per operation and runs it to the end: the interpreter's cost per workflow,
/// with the plan already compiled (definitions are read and compiled once, in the global setup).
/// </summary>
[MemoryDiagnoser]
public class WorkflowBenchmarks
{
    private BenchmarkWorkflow _ten = null!;
    private BenchmarkWorkflow _twoHundred = null!;
    private WorkflowHarness _harness = null!;

    /// <summary>Journal records for every activity (the default), or none.</summary>
    [Params(true, false)]
    public bool Journal { get; set; }

    [GlobalSetup(Target = nameof(TenActivities))]
    public void SetupTen()
    {
        _harness = new WorkflowHarness(Journal);
        _ten = BenchmarkWorkflows.TenActivities();
        _harness.Verify(_ten);
    }

    [GlobalSetup(Target = nameof(TwoHundredActivities))]
    public void SetupTwoHundred()
    {
        _harness = new WorkflowHarness(Journal);
        _twoHundred = BenchmarkWorkflows.TwoHundredActivities();
        _harness.Verify(_twoHundred);
    }

    [Benchmark]
    public WorkflowExecutionContext TenActivities() => _harness.Run(_ten);

    [Benchmark]
    public WorkflowExecutionContext TwoHundredActivities() => _harness.Run(_twoHundred);
}
