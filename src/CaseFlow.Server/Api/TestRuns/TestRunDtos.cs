using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using CaseFlow.Server.Api.Tasks;
using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Server.Api.TestRuns;

/// <summary>
/// The body of <c>POST /api/workflow-definitions/{definitionId}/test-runs</c>; every member is optional. Read by hand, not
/// bound, so the definition keeps what the engine does not know and may nest as deep as a saved one.
/// </summary>
/// <param name="Definition">The definition to run, as Elsa 3 JSON (what saving a draft takes); without it, the latest stored version runs.</param>
/// <param name="Input">The workflow's input by name, over the made-up case's (caseId, caseNumber, channel…).</param>
/// <param name="CorrelationId">Default: <c>test-run-{id}</c>.</param>
public sealed record StartTestRunRequest(JsonObject? Definition, JsonObject? Input, string? CorrelationId);

/// <summary>The body of <c>POST /api/test-runs/{id}/events</c>: the event and what the waiting <c>Elsa.Event</c> returns.</summary>
public sealed record PublishTestRunEventRequest(string? EventName, JsonNode? Payload);

/// <summary>
/// A test run: the root instance's status, the path taken (<see cref="Steps"/>, child workflows at depth 1 and
/// more), its variables, input and output, what it waits for, what it would have sent or created
/// (<see cref="Effects"/>, never delivered), incidents and console lines.
/// </summary>
public sealed record TestRunDto
{
    public string Id { get; init; } = "";
    public string DefinitionId { get; init; } = "";

    /// <summary>The stored version that runs; null when the definition came with the request.</summary>
    public int? DefinitionVersion { get; init; }

    public string CorrelationId { get; init; } = "";

    [JsonConverter(typeof(JsonStringEnumConverter<WorkflowStatus>))]
    public WorkflowStatus Status { get; init; }

    [JsonConverter(typeof(JsonStringEnumConverter<WorkflowSubStatus>))]
    public WorkflowSubStatus SubStatus { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    /// <summary>When the run is forgotten unless it is used again (every call slides it).</summary>
    public DateTimeOffset ExpiresAt { get; init; }

    public IReadOnlyList<TestRunStepDto> Steps { get; init; } = [];
    public IReadOnlyDictionary<string, object?> Variables { get; init; } = new Dictionary<string, object?>();
    public IReadOnlyDictionary<string, object?> Input { get; init; } = new Dictionary<string, object?>();
    public IReadOnlyDictionary<string, object?> Output { get; init; } = new Dictionary<string, object?>();
    public IReadOnlyList<TestRunWaitDto> Waits { get; init; } = [];
    public IReadOnlyList<TestRunEffectDto> Effects { get; init; } = [];
    public IReadOnlyList<TestRunIncidentDto> Incidents { get; init; } = [];
    public IReadOnlyList<string> Console { get; init; } = [];

    /// <summary>The call that last changed the run (for an event: how many waits it resumed).</summary>
    public TestRunActionDto LastAction { get; init; } = new();

    /// <summary>Steps, effects and console lines counted but not kept (the run's record limits).</summary>
    public TestRunDroppedDto Dropped { get; init; } = new();
}

/// <summary>
/// One journal record: <c>sequence</c> orders the steps and effects of the whole run, <c>depth</c> is 0 for the
/// root instance and 1 for its children…; on <c>Completed</c>, <c>outcomes</c> are the ports the activity took.
/// </summary>
public sealed record TestRunStepDto
{
    public int Sequence { get; init; }
    public string InstanceId { get; init; } = "";
    public int Depth { get; init; }
    public string ActivityId { get; init; } = "";
    public string ActivityType { get; init; } = "";
    public string? ActivityName { get; init; }

    /// <summary><c>Started</c>, <c>Completed</c>, <c>Suspended</c>, <c>Resumed</c>, <c>Faulted</c>, <c>Canceled</c>…</summary>
    public string Event { get; init; } = "";

    public IReadOnlyList<string> Outcomes { get; init; } = [];
    public DateTimeOffset At { get; init; }
    public string? Message { get; init; }
}

/// <summary>
/// What the run waits for. <c>kind</c> says how to satisfy it: <c>task</c> (complete <c>taskId</c> with one of
/// <c>outcomes</c> and the <c>form</c>'s values), <c>event</c> (publish <c>eventName</c>), <c>timer</c> (fire
/// <c>bookmarkId</c>, due at <c>dueAt</c>) or <c>other</c> (<c>name</c>: the run cannot satisfy it).
/// </summary>
public sealed record TestRunWaitDto
{
    public string Kind { get; init; } = "";
    public string BookmarkId { get; init; } = "";
    public string InstanceId { get; init; } = "";
    public string ActivityId { get; init; } = "";
    public string? ActivityName { get; init; }

    /// <summary>The bookmark's name, for every kind (<c>CaseFlow.HumanTask</c>, <c>Elsa.Event</c>, <c>Elsa.Delay</c>…).</summary>
    public string Name { get; init; } = "";

    public string? TaskId { get; init; }
    public string? Title { get; init; }
    public string? Instructions { get; init; }
    public string? CandidateRole { get; init; }
    public string? Assignee { get; init; }
    public IReadOnlyList<string>? Outcomes { get; init; }
    public IReadOnlyList<FormFieldDto>? Form { get; init; }
    public string? Priority { get; init; }

    /// <summary>The task's time to complete (<c>d.hh:mm:ss</c>), counted on the business calendar for real.</summary>
    public string? DueIn { get; init; }

    public string? EventName { get; init; }
    public DateTimeOffset? DueAt { get; init; }
}

/// <summary>What would have reached people or systems (<c>kind</c> is the outbox kind, e.g. <c>CaseFlow.Notify</c>), suppressed.</summary>
public sealed record TestRunEffectDto
{
    public int Sequence { get; init; }
    public string Kind { get; init; } = "";
    public string? ActivityId { get; init; }
    public string InstanceId { get; init; } = "";
    public IReadOnlyDictionary<string, object?> Payload { get; init; } = new Dictionary<string, object?>();
}

public sealed record TestRunIncidentDto
{
    public string InstanceId { get; init; } = "";
    public string ActivityId { get; init; } = "";
    public string ActivityType { get; init; } = "";
    public string Message { get; init; } = "";
}

/// <summary><c>kind</c>: <c>start</c>, <c>complete</c>, <c>event</c> or <c>fire</c>; <c>target</c>: the definition id, task id, event name or bookmark id.</summary>
public sealed record TestRunActionDto
{
    public string Kind { get; init; } = "";
    public string? Target { get; init; }

    /// <summary>For an event: how many waits it resumed.</summary>
    public int? Resumed { get; init; }

    public DateTimeOffset At { get; init; }
}

public sealed record TestRunDroppedDto
{
    public int Steps { get; init; }
    public int Effects { get; init; }
    public int Console { get; init; }
}
