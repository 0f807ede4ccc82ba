using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Server.Api.Instances;

/// <summary>One workflow instance, as lists show it; <c>version</c> is the definition version it runs.</summary>
public sealed record InstanceSummary(
    string Id,
    string DefinitionId,
    string DefinitionVersionId,
    int Version,
    string? Name,
    [property: JsonConverter(typeof(JsonStringEnumConverter<WorkflowStatus>))] WorkflowStatus Status,
    [property: JsonConverter(typeof(JsonStringEnumConverter<WorkflowSubStatus>))] WorkflowSubStatus SubStatus,
    string? CorrelationId,
    string? ParentInstanceId,
    int IncidentCount,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt);

/// <summary>
/// One workflow instance in full: the summary, its input and output, the variables of the activities still alive
/// (a finished instance keeps none), what it waits for and what went wrong.
/// </summary>
public sealed record InstanceDetails(
    string Id,
    string DefinitionId,
    string DefinitionVersionId,
    int Version,
    string? Name,
    [property: JsonConverter(typeof(JsonStringEnumConverter<WorkflowStatus>))] WorkflowStatus Status,
    [property: JsonConverter(typeof(JsonStringEnumConverter<WorkflowSubStatus>))] WorkflowSubStatus SubStatus,
    string? CorrelationId,
    string? ParentInstanceId,
    int IncidentCount,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyDictionary<string, object?> Input,
    IReadOnlyDictionary<string, object?> Output,
    IReadOnlyDictionary<string, object?> Variables,
    IReadOnlyList<InstanceBookmark> Bookmarks,
    IReadOnlyList<InstanceIncident> Incidents);

/// <summary>What a suspended activity waits for: an event (<c>{eventName}</c>), a timer (<see cref="DueAt"/>), a task…</summary>
public sealed record InstanceBookmark(
    string Id,
    string Name,
    IReadOnlyDictionary<string, object?> Payload,
    string ActivityId,
    string ActivityNodeId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DueAt);

/// <summary>An activity failure; <c>POST …/incidents/{id}/retry</c> runs the activity again.</summary>
public sealed record InstanceIncident(
    string Id,
    string ActivityId,
    string ActivityNodeId,
    string ActivityType,
    string Message,
    IncidentException? Exception,
    DateTimeOffset Timestamp);

/// <summary>The exception behind an incident, without its stack trace (server internals are not for API clients).</summary>
public sealed record IncidentException(string Type, string Message, IncidentException? Inner);

/// <summary>
/// One execution-log record of an instance: <c>sequence</c> is its place in the journal (monotonic), <c>eventName</c>
/// one of <c>Started</c>, <c>Completed</c>, <c>Faulted</c>, <c>Retried</c>, <c>Workflow cancelled</c>…
/// </summary>
public sealed record InstanceJournalRecord(
    long Sequence,
    DateTimeOffset Timestamp,
    string EventName,
    string ActivityId,
    string ActivityType,
    string? ActivityName,
    string ActivityNodeId,
    string ActivityInstanceId,
    string? ParentActivityInstanceId,
    string? Message,
    string? Source,
    object? Payload);

/// <summary>The body of <c>POST /api/workflow-definitions/{definitionId}/instances</c>.</summary>
/// <param name="Input">The workflow's input, by name.</param>
/// <param name="CorrelationId">Ties the instance to a business key; events and lists can filter by it.</param>
/// <param name="Version">A version to run instead of the published one: a published or retracted version (a draft cannot run).</param>
public sealed record StartInstanceRequest(JsonObject? Input, string? CorrelationId, int? Version);
