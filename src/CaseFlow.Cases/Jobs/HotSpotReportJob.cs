using System.Globalization;
using System.Text;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Notifications;
using CaseFlow.Cases.Features.Reports;
using Hangfire;

namespace CaseFlow.Cases.Jobs;

/// <summary>
/// The weekly complaint hot-spot report (categories and steps with many complaints, for focused rectification), sent
/// to the managers. The period is the job's week, so a retried run sends the same report once (its idempotency key).
/// </summary>
public sealed class HotSpotReportJob(HotSpotReportQuery query, NotificationService notifications, TimeProvider clock)
{
    public const string RecurringJobId = "caseflow:hot-spot-report";

    [JobDisplayName("Complaint hot-spot report")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var today = clock.GetUtcNow().UtcDateTime.Date;
        var to = new DateTimeOffset(today.AddDays(-(((int)today.DayOfWeek + 6) % 7)), TimeSpan.Zero);
        var from = to.AddDays(-7);
        var report = await query.RunAsync(from, to, cancellationToken);
        await notifications.SendAsync(new NotificationRequest
        {
            IdempotencyKey = string.Create(CultureInfo.InvariantCulture, $"hot-spot-report:{from:yyyy-MM-dd}"),
            RecipientKind = RecipientKind.Role,
            Recipient = "Manager",
            Subject = string.Create(CultureInfo.InvariantCulture, $"Complaint hot spots {from:yyyy-MM-dd} to {to.AddDays(-1):yyyy-MM-dd}"),
            Body = Format(report),
        }, cancellationToken);
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
