using System.Globalization;
using System.Text;
using CaseFlow.Cases.Features.Kpis;

namespace CaseFlow.Cases.Features.Schedules;

/// <summary>The text of the periodic reports (Q4 feedback, Q5 window performance), from the KPIs of the period (drills left out).</summary>
public static class PeriodReports
{
    public static (string Subject, string Body) Compose(ScheduledReport report, string period, KpiReport kpis)
    {
        ArgumentNullException.ThrowIfNull(kpis);
        var text = new StringBuilder();
        string subject;
        var complaints = kpis.Volume.ByType.FirstOrDefault(t => t.Key == "Complaint")?.Count ?? 0;
        if (report == ScheduledReport.Feedback)
        {
            subject = $"Customer feedback report {period}";
            text.Append(CultureInfo.InvariantCulture, $"Customer feedback, {period}: {kpis.Volume.Total} cases, {complaints} of them complaints.\n\nBy category\n");
            foreach (var c in kpis.Volume.ByCategory)
                text.Append(CultureInfo.InvariantCulture, $"- {c.Key}: {c.Count}\n");
            text.Append("\nBy channel\n");
            foreach (var c in kpis.Volume.ByChannel)
                text.Append(CultureInfo.InvariantCulture, $"- {c.Key}: {c.Count}\n");
            text.Append(CultureInfo.InvariantCulture, $"\nSatisfaction: {kpis.Csat.Answered} of {kpis.Csat.Sent} surveys answered, average {Number(kpis.Csat.AverageScore)} of 5, {Percent(kpis.Csat.SatisfiedPercent)} satisfied.\n");
        }
        else
        {
            subject = $"Window performance report {period}";
            var resolved = kpis.FirstContactResolution;
            text.Append(CultureInfo.InvariantCulture, $"Window performance, {period}.\n\n");
            text.Append(CultureInfo.InvariantCulture, $"Satisfaction: average {Number(kpis.Csat.AverageScore)} of 5, {Percent(kpis.Csat.SatisfiedPercent)} satisfied ({kpis.Csat.Answered} answers).\n");
            text.Append("Response time: ");
            var first = kpis.Sla.ByClock.Where(c => c.Clock.Contains("response", StringComparison.OrdinalIgnoreCase) || c.Clock.Contains("acknowledgement", StringComparison.OrdinalIgnoreCase) || c.Clock.Contains("reply", StringComparison.OrdinalIgnoreCase)).ToList();
            text.Append(first.Count == 0 ? "no response clocks ran\n" : string.Join("; ", first.Select(c => $"{c.Clock} {Percent(c.MetPercent)} in time ({c.Met} met, {c.Breached} late)")) + "\n");
            text.Append(CultureInfo.InvariantCulture, $"Processing efficiency: {Percent(kpis.Sla.MetPercent)} of all deadlines met; {resolved.WithoutEscalation} of {resolved.ResolvedComplaints} resolved complaints settled at first contact ({Percent(resolved.Percent)}); backlog {kpis.Backlog.OpenCases} open cases, {kpis.Backlog.OverdueTasks} overdue tasks.\n");
            var rate = kpis.Volume.Total == 0 ? (double?)null : Math.Round(100.0 * complaints / kpis.Volume.Total, 1);
            text.Append(CultureInfo.InvariantCulture, $"Complaint rate: {complaints} complaints of {kpis.Volume.Total} cases ({Percent(rate)}).\n");
        }

        return (subject, text.ToString());
    }

    private static string Number(double? value) => value is { } v ? v.ToString("0.0#", CultureInfo.InvariantCulture) : "n/a";

    private static string Percent(double? value) => value is { } v ? v.ToString("0.#", CultureInfo.InvariantCulture) + " %" : "n/a";
}
