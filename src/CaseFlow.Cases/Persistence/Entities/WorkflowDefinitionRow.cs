namespace CaseFlow.Cases.Persistence.Entities;

/// <summary>The lifecycle of one definition version.</summary>
/// <remarks>
/// <c>Draft</c>: editable, at most one per definition and always the latest. <c>Published</c>: the version new
/// instances and triggers use, at most one per definition. <c>Retracted</c>: was published, no longer starts
/// anything; instances already running on it keep it (they reference the version id).
/// </remarks>
public enum DefinitionStatus
{
    Draft,
    Published,
    Retracted,
}

/// <summary>One version of a workflow definition; the JSON is the Elsa document, the columns are the truth for flags.</summary>
public sealed class WorkflowDefinitionRow
{
    /// <summary>The version id (Elsa's <c>id</c>); instances reference it.</summary>
    public required string VersionId { get; set; }

    public required string DefinitionId { get; set; }
    public int Version { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    public DefinitionStatus Status { get; set; }
    public bool IsLatest { get; set; }
    public bool IsPublished { get; set; }

    /// <summary>Compact Elsa JSON written by <c>WorkflowDefinitionWriter</c>.</summary>
    public required string Json { get; set; }

    /// <summary>SHA-256 of the normalized content (see <c>DefinitionContent.Hash</c>); equal hashes mean nothing changed.</summary>
    public required string ContentHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Who created the version (a user name); null when the system did (the <c>workflows/</c> folder import).</summary>
    public string? CreatedBy { get; set; }

    /// <summary>The version's last change: created, saved again as a draft, published or retracted.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Who made the last change; null when the system did.</summary>
    public string? UpdatedBy { get; set; }

    public DateTimeOffset? PublishedAt { get; set; }
    public string? PublishedBy { get; set; }
    public DateTimeOffset? RetractedAt { get; set; }
    public string? RetractedBy { get; set; }

    /// <summary>Records a change made by <paramref name="user"/> (null: the system) at <paramref name="now"/>.</summary>
    public void Touch(DateTimeOffset now, string? user)
    {
        UpdatedAt = now;
        UpdatedBy = user;
    }
}
