using System.Globalization;
using System.Text;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Notifications;
using CaseFlow.Cases.Features.Reports;
using CaseFlow.Cases.Features.Sla;
using CaseFlow.Cases.Persistence;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Cases.Jobs;

/// <summary>
/// The weekly complaint hot-spot report (categories and steps with many complaints, for focused rectification), sent
/// to the managers. The period is the last whole week (Monday 00:00 to Monday 00:00) in the business calendar's time
/// zone, so a retried run sends the same report once (its idempotency key).
/// </summary>
public sealed class HotSpotReportJob(HotSpotReportQuery query, NotificationService notifications, TimeProvider clock, BusinessCalendar calendar, IDbContextFactory<CaseFlowDbContext> dbFactory)
{
    public const string RecurringJobId = "caseflow:hot-spot-report";

    [JobDisplayName("Complaint hot-spot report")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var (firstDay, monday) = LastWholeWeek();
        await SendAsync(firstDay, monday, cancellationToken);
    }

    /// <summary>
    /// The start-up catch-up of the missed-occurrence policy "run once": sends last week's report if the server was down
    /// when it was due. Its idempotency key makes this a no-op when it went out already; a database that held no case
    /// before the week ended (a new installation) has nothing to report and sends nothing.
    /// </summary>
    /// <returns>True when the report was sent (or found sent) now.</returns>
    public async Task<bool> CatchUpAsync(CancellationToken cancellationToken = default)
    {
        var (firstDay, monday) = LastWholeWeek();
        var end = Midnight(monday, calendar.TimeZone);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (!await db.Cases.AnyAsync(c => c.CreatedAt < end, cancellationToken))
                return false;
        }

        await SendAsync(firstDay, monday, cancellationToken);
        return true;
    }

    // The week before the current one, Monday to Monday on the calendar's wall clock.
    private (DateTime FirstDay, DateTime Monday) LastWholeWeek()
    {
        var today = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), calendar.TimeZone).Date;
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        return (monday.AddDays(-7), monday);
    }

    private async Task SendAsync(DateTime firstDay, DateTime monday, CancellationToken cancellationToken)
    {
        var zone = calendar.TimeZone;
        var report = await query.RunAsync(Midnight(firstDay, zone), Midnight(monday, zone), cancellationToken);
        await notifications.SendAsync(new NotificationRequest
        {
            IdempotencyKey = string.Create(CultureInfo.InvariantCulture, $"hot-spot-report:{firstDay:yyyy-MM-dd}"),
            RecipientKind = RecipientKind.Role,
            Recipient = "Manager",
            Subject = string.Create(CultureInfo.InvariantCulture, $"Complaint hot spots {firstDay:yyyy-MM-dd} to {monday.AddDays(-1):yyyy-MM-dd}"),
            Body = Format(report),
        }, cancellationToken);
    }

    // The instant (UTC, as case times are stored and compared) a local day starts; where a DST change skips midnight,
    // the day starts when the clock jumps.
    private static DateTimeOffset Midnight(DateTime day, TimeZoneInfo zone)
    {
        var local = DateTime.SpecifyKind(day, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
            local = local.AddMinutes(15);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }

    public static string Format(HotSpotReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{report.Complaints} complaints filed.\n\nBy category:\n");
        foreach (var row in report.ByCategory)
            text.Append(CultureInfo.InvariantCulture, $"  {row.Key}: {row.Count} ({row.Share * 100:0}%){(row.IsHotSpot ? "  <- hot spot" : "")}\n");
        text.Append("\nBy step reached:\n");
        foreach (var row in report.ByStep)
            text.Append(CultureInfo.InvariantCulture, $"  {row.Key}: {row.Count} ({row.Share * 100:0}%){(row.IsHotSpot ? "  <- hot spot" : "")}\n");
        return text.ToString();
    }
}
