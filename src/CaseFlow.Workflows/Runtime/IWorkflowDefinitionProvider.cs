using CaseFlow.Workflows.Definitions;

namespace CaseFlow.Workflows.Runtime;

/// <summary>
/// Port: where the engine finds other definitions (child workflows, workflow-as-activity). The in-memory
/// implementation serves the CLI and tests; CaseFlow.Cases implements it over the database.
/// </summary>
public interface IWorkflowDefinitionProvider
{
    /// <summary>A specific version by its version id.</summary>
    ValueTask<WorkflowDefinition?> FindByVersionIdAsync(string versionId, CancellationToken cancellationToken = default);

    /// <summary>The published version, else the latest (Elsa's fallback for workflow-as-activity and ExecuteWorkflow).</summary>
    ValueTask<WorkflowDefinition?> FindPublishedOrLatestAsync(string definitionId, CancellationToken cancellationToken = default);

    /// <summary>A definition whose name equals an activity type (workflow-as-activity written by name only).</summary>
    ValueTask<WorkflowDefinition?> FindByNameAsync(string name, CancellationToken cancellationToken = default);
}

/// <summary>Keeps definitions in memory; later additions of the same version id replace earlier ones.</summary>
public sealed class InMemoryWorkflowDefinitionProvider : IWorkflowDefinitionProvider
{
    private readonly List<WorkflowDefinition> _definitions = [];
    private readonly Lock _lock = new();

    public InMemoryWorkflowDefinitionProvider(IEnumerable<WorkflowDefinition>? definitions = null)
    {
        foreach (var definition in definitions ?? [])
            Add(definition);
    }

    public void Add(WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        lock (_lock)
        {
            _definitions.RemoveAll(d => d.Id == definition.Id && d.DefinitionId == definition.DefinitionId);
            _definitions.Add(definition);
        }
    }

    public ValueTask<WorkflowDefinition?> FindByVersionIdAsync(string versionId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return ValueTask.FromResult(_definitions.FirstOrDefault(d => d.Id == versionId));
    }

    public ValueTask<WorkflowDefinition?> FindPublishedOrLatestAsync(string definitionId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var versions = _definitions.Where(d => d.DefinitionId == definitionId).OrderByDescending(d => d.Version).ToList();
            return ValueTask.FromResult(versions.FirstOrDefault(d => d.IsPublished) ?? versions.FirstOrDefault(d => d.IsLatest) ?? versions.FirstOrDefault());
        }
    }

    public ValueTask<WorkflowDefinition?> FindByNameAsync(string name, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var versions = _definitions.Where(d => string.Equals(d.Name, name, StringComparison.Ordinal)).OrderByDescending(d => d.Version).ToList();
            return ValueTask.FromResult(versions.FirstOrDefault(d => d.IsPublished) ?? versions.FirstOrDefault());
        }
    }
}
