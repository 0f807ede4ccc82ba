using CaseFlow.Cases.Domain;
using CaseFlow.Workflows.Runtime;

namespace CaseFlow.Cases.Features.TestRuns;

/// <summary>
/// A test run as the designer shows it: where the root instance stands, the path taken (<see cref="Steps"/>, child
/// workflows included), the root's variables, input and output, what the run waits for, what it would have sent or
/// created (<see cref="Effects"/>, suppressed), what went wrong and the console.
/// </summary>
public sealed record TestRunView(
    string Id,
    string DefinitionId,
    int? DefinitionVersion,
    string CorrelationId,
    WorkflowStatus Status,
    WorkflowSubStatus SubStatus,
    DateTimeOffset StartedAt,
    DateTimeOffset ExpiresAt,
    IReadOnlyList<TestRunStep> Steps,
    IReadOnlyDictionary<string, object?> Variables,
    IReadOnlyDictionary<string, object?> Input,
    IReadOnlyDictionary<string, object?> Output,
    IReadOnlyList<TestRunWait> Waits,
    IReadOnlyList<TestRunEffect> Effects,
    IReadOnlyList<TestRunIncident> Incidents,
    IReadOnlyList<string> Console,
    TestRunAction LastAction,
    TestRunDropped Dropped);

/// <summary>
/// One journal record of any instance of the run. <see cref="Sequence"/> orders steps and effects of the whole run;
/// <see cref="Depth"/> is 0 for the root instance, 1 for its children…; on <c>Completed</c>, <see cref="Outcomes"/>
/// are the ports the activity continued on.
/// </summary>
public sealed record TestRunStep(
    int Sequence,
    string InstanceId,
    int Depth,
    string ActivityId,
    string ActivityType,
    string? ActivityName,
    string Event,
    IReadOnlyList<string> Outcomes,
    DateTimeOffset At,
    string? Message);

/// <summary>The kinds of <see cref="TestRunWait"/>: what a caller does to move the run on.</summary>
public static class TestRunWaitKinds
{
    /// <summary>A human task (or an <c>Elsa.RunTask</c>): complete it with an outcome and form values.</summary>
    public const string Task = "task";

    /// <summary>An <c>Elsa.Event</c>: publish the event.</summary>
    public const string Event = "event";

    /// <summary>Any bookmark with a due time (Delay, Timer, SLA clocks, follow-ups, survey reminders): fire it now.</summary>
    public const string Timer = "timer";

    /// <summary>Anything else (a survey's answer, a child workflow still running): the run cannot satisfy it.</summary>
    public const string Other = "other";
}

/// <summary>What one instance of the run waits for: one bookmark, with what its kind needs to satisfy it.</summary>
public sealed record TestRunWait
{
    public required string Kind { get; init; }
    public required string BookmarkId { get; init; }
    public required string InstanceId { get; init; }
    public required string ActivityId { get; init; }
    public string? ActivityName { get; init; }

    /// <summary>The bookmark's name (<c>CaseFlow.HumanTask</c>, <c>Elsa.Event</c>, <c>Elsa.Delay</c>…).</summary>
    public required string Name { get; init; }

    public string? TaskId { get; init; }
    public string? Title { get; init; }
    public string? Instructions { get; init; }
    public string? CandidateRole { get; init; }
    public string? Assignee { get; init; }
    public IReadOnlyList<string>? Outcomes { get; init; }
    public IReadOnlyList<FormField>? Form { get; init; }
    public string? Priority { get; init; }
    public string? DueIn { get; init; }

    public string? EventName { get; init; }

    public DateTimeOffset? DueAt { get; init; }
}

/// <summary>
/// Something the run would have handed to people or systems (an outbox item: a task, a message, an SLA clock, a
/// survey, a case update, a linked case; an event published to other workflows), recorded instead of delivered.
/// </summary>
public sealed record TestRunEffect(int Sequence, string Kind, string? ActivityId, string InstanceId, IReadOnlyDictionary<string, object?> Payload);

public sealed record TestRunIncident(string InstanceId, string ActivityId, string ActivityType, string Message);

/// <summary>The call that last changed the run.</summary>
/// <param name="Kind"><c>start</c>, <c>complete</c> (a task), <c>event</c> or <c>fire</c> (a timer).</param>
/// <param name="Target">The definition id, task id, event name or timer's bookmark id.</param>
/// <param name="Resumed">For an event: how many waits it resumed.</param>
public sealed record TestRunAction(string Kind, string? Target = null, int? Resumed = null)
{
    public DateTimeOffset At { get; init; }
}

/// <summary>Records counted but not kept, over <see cref="TestRunOptions.MaxSteps"/> and <see cref="TestRunOptions.MaxRecords"/>.</summary>
public sealed record TestRunDropped(int Steps, int Effects, int Console);
