using CaseFlow.Cases.Activities;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Persistence;
using CaseFlow.Workflows.Durability;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseFlow.Cases.Features.Emergencies;

public sealed record RecipientInput(string? Kind, string? Name);

/// <summary>
/// An information report ([000 §5.1.2]): event type, occurrence time, departments involved, scope of impact, cause
/// analysis, response measures and follow-up are all required (E9); written or oral; to whom (E10).
/// </summary>
public sealed record SubmitInformationReport(
    string CaseId,
    string? EventType,
    DateTimeOffset? OccurredAt,
    IReadOnlyList<string>? Departments,
    string? Scope,
    string? Cause,
    string? Measures,
    string? FollowUp,
    string? Losses,
    string? Form,
    IReadOnlyList<RecipientInput>? Recipients,
    Actor Actor);

/// <summary>
/// Appends an information report to an emergency's history: never replaces one (E11). The sequence number is the
/// next in the emergency; two reports submitted at the same moment both land, one after the other. The emergency's
/// scope and departments follow the latest report. A report is the update the communications cadence waits for.
/// </summary>
public sealed class SubmitInformationReportHandler(IDbContextFactory<CaseFlowDbContext> dbFactory, DurableWorkflowRuntime runtime, IOptions<EmergencyOptions> options, TimeProvider clock)
{
    public const int MaxText = 4000;
    public const int MaxRecipients = 50;

    public async Task<InformationReport> HandleAsync(SubmitInformationReport command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var now = clock.GetUtcNow();
        var errors = new ValidationErrors();
        var eventType = command.EventType?.Trim();
        if (string.IsNullOrEmpty(eventType))
            errors.Add("eventType", "eventType is required.");
        else if (!options.Value.EventTypes.ContainsKey(eventType))
            errors.Add("eventType", $"'{eventType}' is not an event type: one of {string.Join(", ", options.Value.EventTypes.Keys)}.");
        if (command.OccurredAt is null)
            errors.Add("occurredAt", "occurredAt is required: when the event happened.");
        else if (command.OccurredAt > now + RaiseEmergencyHandler.ClockSkew)
            errors.Add("occurredAt", "occurredAt is in the future.");
        var departments = (command.Departments ?? []).Select(d => d?.Trim() ?? "").Where(d => d.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (departments.Count == 0)
            errors.Add("departments", "Name the departments involved.");
        var scope = Text(command.Scope, "scope", "Describe the scope of impact.", errors);
        var cause = Text(command.Cause, "cause", "Give the cause analysis (what is known so far).", errors);
        var measures = Text(command.Measures, "measures", "List the response measures taken.", errors);
        var followUp = Text(command.FollowUp, "followUp", "Say what follows and when the next update comes.", errors);
        var losses = command.Losses?.Trim();
        if (losses is { Length: > MaxText })
            errors.Add("losses", $"losses is at most {MaxText} characters.");
        var form = EnumInput.Parse<ReportForm>(command.Form, "form", errors, required: true);
        var recipients = new List<ReportRecipient>();
        var given = command.Recipients ?? [];
        if (given.Count == 0)
            errors.Add("recipients", "Name who receives the report (internal departments, leadership, associated departments, partners).");
        if (given.Count > MaxRecipients)
            errors.Add("recipients", $"At most {MaxRecipients} recipients.");
        for (var i = 0; i < Math.Min(given.Count, MaxRecipients); i++)
        {
            var recipient = given[i];
            var kind = EnumInput.Parse<ReportRecipientKind>(recipient?.Kind, $"recipients[{i}].kind", errors, required: true);
            var name = recipient?.Name?.Trim();
            if (string.IsNullOrEmpty(name) || name.Length > 200)
                errors.Add($"recipients[{i}].name", "Name the recipient (at most 200 characters).");
            else if (kind is not null)
                recipients.Add(new ReportRecipient(kind.Value, name));
        }

        errors.ThrowIfAny();

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var emergency = await db.Emergencies.FirstOrDefaultAsync(e => e.CaseId == command.CaseId, cancellationToken)
            ?? throw new NotFoundException($"No emergency '{command.CaseId}'.");
        var known = await db.Departments.AsNoTracking().Where(d => departments.Contains(d.Id)).Select(d => d.Id).ToListAsync(cancellationToken);
        foreach (var unknown in departments.Except(known, StringComparer.Ordinal))
            errors.Add("departments", $"No department '{unknown}'.");
        errors.ThrowIfAny();

        // The next sequence number; a report that took it first makes the insert fail on the unique index: take the next.
        for (var attempt = 0; ; attempt++)
        {
            var sequence = 1 + (await db.InformationReports.Where(r => r.CaseId == command.CaseId).MaxAsync(r => (int?)r.Sequence, cancellationToken) ?? 0);
            var report = new InformationReport
            {
                CaseId = command.CaseId,
                Sequence = sequence,
                EventType = eventType!,
                OccurredAt = command.OccurredAt!.Value,
                Departments = departments,
                Scope = scope!,
                Cause = cause!,
                Measures = measures!,
                FollowUp = followUp!,
                Losses = string.IsNullOrEmpty(losses) ? null : losses,
                Form = form!.Value,
                Recipients = recipients,
                SubmittedBy = command.Actor.UserName,
                SubmittedAt = now,
            };
            db.InformationReports.Add(report);
            var number = await db.Cases.AsNoTracking().Where(c => c.Id == command.CaseId).Select(c => c.Number).FirstAsync(cancellationToken);
            for (var i = 0; i < recipients.Count; i++)
                db.Notifications.Add(Delivery(report, number, recipients[i], i, now));
            emergency.Scope = scope;
            emergency.Departments = departments;
            emergency.UpdatedAt = now;
            emergency.Revision++;
            db.Timeline.Add(new TimelineEntry
            {
                CaseId = command.CaseId,
                At = now,
                Kind = TimelineKind.Emergency,
                Title = $"Information report {sequence} ({form.Value.ToString().ToLowerInvariant()}) to {string.Join(", ", recipients.Select(r => r.Name))}",
                Actor = command.Actor.UserName,
                Detail = $"Scope: {scope}\nCause: {cause}\nMeasures: {measures}\nFollow-up: {followUp}",
                SourceId = $"report:{sequence}",
                Code = "informationReport",
                Args = new() { ["sequence"] = sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), ["form"] = form.Value.ToString(), ["recipients"] = string.Join(", ", recipients.Select(r => r.Name)) },
            });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await ResumeCadenceAsync(report, cancellationToken);
                return report;
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                db.ChangeTracker.Clear();
                emergency = await db.Emergencies.FirstAsync(e => e.CaseId == command.CaseId, cancellationToken);
            }
        }
    }

    // E10: each recipient gets the report, in the report's own transaction (so exactly once). Departments by their
    // name, the leadership through the management department, partners and regulators as external parties.
    private static NotificationMessage Delivery(InformationReport report, string caseNumber, ReportRecipient recipient, int index, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7().ToString("N"),
        IdempotencyKey = $"information-report:{report.CaseId}:{report.Sequence}:{index}",
        CaseId = report.CaseId,
        RecipientKind = recipient.Kind is ReportRecipientKind.Partner or ReportRecipientKind.Regulator ? RecipientKind.External : RecipientKind.Department,
        Recipient = recipient.Kind == ReportRecipientKind.Leadership ? $"management ({recipient.Name})" : recipient.Name,
        Channel = Notifications.NotificationChannelNames.Log,
        Subject = $"Information report {report.Sequence} on emergency {caseNumber} ({report.Form.ToString().ToLowerInvariant()})",
        Body = $"Event: {report.EventType}, occurred {report.OccurredAt:yyyy-MM-dd HH:mm} UTC\nDepartments: {string.Join(", ", report.Departments)}\nScope: {report.Scope}\nCause: {report.Cause}\nMeasures: {report.Measures}\nFollow-up: {report.FollowUp}" + (report.Losses is null ? "" : $"\nLosses: {report.Losses}"),
        Status = NotificationStatus.Pending,
        CreatedAt = now,
    };

    // The update keeps the communications cadence (CaseFlow.AwaitUpdate). A report whose resume is cut off is still
    // seen: the wait looks for reports filed since it began before it calls an interval missed.
    private async Task ResumeCadenceAsync(InformationReport report, CancellationToken cancellationToken)
    {
        var id = report.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await runtime.ResumeStimulusAsync(AwaitUpdate.BookmarkName, AwaitUpdate.StimulusFor(report.CaseId), new Dictionary<string, object?> { ["reportId"] = id }, "report:" + report.CaseId + ":" + id, cancellationToken);
    }

    private static string? Text(string? value, string field, string missing, ValidationErrors errors)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
            errors.Add(field, missing);
        else if (text.Length > MaxText)
            errors.Add(field, $"{field} is at most {MaxText} characters.");
        return text;
    }
}
