using System.Text.Json.Serialization;

namespace CaseFlow.Cases.Persistence.Entities;

/// <summary>
/// The execution-log records one burst (one commit) of an instance wrote, as one row: <see cref="Records"/> is a JSON
/// array of <see cref="JournalEntry"/> in sequence order. (InstanceId, FirstSequence) is unique and the commit's
/// revision check lets only one writer append a burst, so a step is never journaled twice. One row per burst instead
/// of one per record: a commit costs one insert, not one per record. The burst's written lines ride in the same row
/// (<see cref="Lines"/>): a separate row would cost a commit two more B-trees (its table and its key). Only a burst
/// that journals nothing (the journal switched off) writes its lines to <see cref="WrittenLineRow"/>.
/// </summary>
public sealed class JournalBurstRow
{
    public required string InstanceId { get; set; }
    public long FirstSequence { get; set; }
    public long LastSequence { get; set; }

    /// <summary>How many records <see cref="Records"/> holds (paging skips whole bursts without parsing them).</summary>
    public int RecordCount { get; set; }

    public required string Records { get; set; }

    /// <summary>The instance revision this burst's commit wrote (0 on bursts written before the column existed).</summary>
    public long Revision { get; set; }

    /// <summary>The lines written by <c>Elsa.WriteLine</c> in this burst (a JSON array of strings), or null when none.</summary>
    public string? Lines { get; set; }
}

/// <summary>
/// One record of a <see cref="JournalBurstRow"/> (the instance id is the row's). What the instance already says is left
/// out: the record id when it is the instance id and sequence, the definition when it is the instance's, activity type
/// version 1 and empty values. A commit's cost grows with the bytes it syncs, and a journal burst is most of them.
/// </summary>
public sealed class JournalEntry
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Id { get; set; }

    public long Sequence { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DefinitionId { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DefinitionVersionId { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? WorkflowVersion { get; set; }

    public DateTimeOffset Timestamp { get; set; }
    public required string EventName { get; set; }
    public required string ActivityId { get; set; }
    public required string ActivityType { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ActivityTypeVersion { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ActivityName { get; set; }

    public required string ActivityNodeId { get; set; }
    public required string ActivityInstanceId { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ParentActivityInstanceId { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Message { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Source { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public object? Payload { get; set; }
}
