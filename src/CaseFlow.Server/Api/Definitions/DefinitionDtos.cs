using System.Text.Json.Serialization;
using CaseFlow.Cases.Persistence.Entities;
using CaseFlow.Workflows.Validation;

namespace CaseFlow.Server.Api.Definitions;

/// <summary>
/// One definition in the list: its latest version, and the version that runs (null when none is published).
/// <c>isPublished</c> says whether some version is published (new instances and triggers use it); <c>updatedAt</c>
/// is when the latest version was created or a version was last published.
/// </summary>
public sealed record DefinitionListItem(
    string DefinitionId,
    string? Name,
    string? Description,
    int LatestVersion,
    [property: JsonConverter(typeof(JsonStringEnumConverter<DefinitionStatus>))] DefinitionStatus LatestStatus,
    int? PublishedVersion,
    bool IsPublished,
    DateTimeOffset UpdatedAt);

/// <summary>One stored version of a definition, without its content; <c>id</c> is the version id (Elsa's <c>id</c>), which instances reference.</summary>
public sealed record DefinitionVersionSummary(
    string Id,
    string DefinitionId,
    int Version,
    string? Name,
    [property: JsonConverter(typeof(JsonStringEnumConverter<DefinitionStatus>))] DefinitionStatus Status,
    bool IsLatest,
    bool IsPublished,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PublishedAt);

/// <summary>Every version of a definition, oldest first.</summary>
public sealed record DefinitionVersions(string DefinitionId, IReadOnlyList<DefinitionVersionSummary> Items);

/// <summary>A validator finding, located by JSON path (<c>root.activities[3].condition</c>).</summary>
public sealed record DefinitionIssue(
    string Path,
    string Message,
    [property: JsonConverter(typeof(JsonStringEnumConverter<ValidationSeverity>))] ValidationSeverity Severity);

/// <summary>The answer of <c>POST /api/workflow-definitions/validate</c>: valid when no finding is an error (warnings are allowed).</summary>
public sealed record DefinitionValidation(bool Valid, IReadOnlyList<DefinitionIssue> Errors);

/// <summary>
/// A saved draft and what the validator found in it. A draft with errors is saved all the same (work in progress,
/// as in Elsa); publishing it is refused until the errors are fixed.
/// </summary>
public sealed record SavedDraft(DefinitionVersionSummary Draft, bool Valid, IReadOnlyList<DefinitionIssue> Issues);

/// <summary>A definition an import created, updated or left unchanged; <c>index</c> is its position in the request's array (0 for a single definition).</summary>
public sealed record ImportedDefinition(int Index, string DefinitionId, string VersionId, int Version);

/// <summary>What an import did.</summary>
public sealed record ImportResult(
    IReadOnlyList<ImportedDefinition> Created,
    IReadOnlyList<ImportedDefinition> Updated,
    IReadOnlyList<ImportedDefinition> Unchanged);
