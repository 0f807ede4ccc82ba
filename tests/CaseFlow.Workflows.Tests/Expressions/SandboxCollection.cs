namespace CaseFlow.Workflows.Tests.Expressions;

/// <summary>
/// Sandbox tests measure how fast a runaway script is stopped. They run alone: other tests' large allocations
/// trigger blocking garbage collections that would otherwise be counted against the limits on a 2-core machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SandboxCollection
{
    public const string Name = "JavaScript sandbox timing";
}
