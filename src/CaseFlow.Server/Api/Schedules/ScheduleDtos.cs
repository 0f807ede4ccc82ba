using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Schedules;
using CaseFlow.Cases.Jobs;

namespace CaseFlow.Server.Api.Schedules;

/// <summary>A change to a schedule; a field left out stays as it is. <c>cron</c>: five fields, in the business calendar's time zone; <c>missedOccurrences</c>: <c>runOnce</c> or <c>skip</c>.</summary>
public sealed record UpdateScheduleRequest(string? Cron, bool? Enabled, string? MissedOccurrences);

public sealed record ScheduleRunDto(string Key, DateTimeOffset Occurrence, bool Adhoc, ScheduleRunOutcome Outcome, string? Detail, DateTimeOffset RanAt, string? RanBy);

/// <summary>A schedule: what it does, when, its last run and its next occurrence.</summary>
public sealed record ScheduleDto(string Id, ScheduleAction Action, string Description, string Cron, string TimeZone, bool Enabled, MissedOccurrencePolicy MissedOccurrences, DateTimeOffset? NextOccurrence, ScheduleRunDto? LastRun, DateTimeOffset? UpdatedAt, string? UpdatedBy);
