namespace CaseFlow.Cases.Persistence.Entities;

/// <summary>
/// A start trigger of a published version: an activity with <c>canStartWorkflow</c> of type Elsa.Event, Elsa.Cron,
/// Elsa.Timer or Elsa.StartAt. Rebuilt on publish, removed on retract.
/// </summary>
public sealed class TriggerRow
{
    /// <summary><c>{versionId}:{activityId}</c>: stable, so a recurring job can be keyed by it.</summary>
    public required string Id { get; set; }

    public required string DefinitionId { get; set; }
    public required string DefinitionVersionId { get; set; }
    public required string ActivityId { get; set; }

    /// <summary>The activity type, e.g. <c>Elsa.Event</c>.</summary>
    public required string Name { get; set; }

    /// <summary>For Elsa.Event the same hash an event bookmark has, so one lookup finds waiting instances and triggers.</summary>
    public required string Hash { get; set; }

    /// <summary><c>{"eventName":…}</c>, <c>{"cronExpression":…}</c>, <c>{"interval":…}</c> or <c>{"dateTime":…}</c>.</summary>
    public required string Payload { get; set; }
}
