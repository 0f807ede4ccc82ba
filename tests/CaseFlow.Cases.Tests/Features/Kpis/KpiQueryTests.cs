using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Kpis;
using CaseFlow.Cases.Tests.Support;

namespace CaseFlow.Cases.Tests.Features.Kpis;

/// <summary>
/// The KPI query on a dataset written row by row, so every number can be counted by hand. The clock stands at
/// 2026-03-01 09:00 UTC; the period is January 2026.
/// </summary>
public sealed class KpiQueryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset January = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset February = January.AddMonths(1);

    private TestDatabase _db = null!;
    private int _number;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private KpiQuery Kpis => _db.Get<KpiQuery>();

    [Fact]
    public async Task TheKpis_OfAKnownDataset_AreCountedAsDocumented()
    {
        var customer = new Customer { Id = "cu", Name = "Li Wei", Phone = "+86 138 0000 0001" };
        var archived = Case(customer, 5, CaseType.Complaint, CaseChannel.Phone, "price", CaseStatus.Archived);
        var supervised = Case(customer, 6, CaseType.Complaint, CaseChannel.Email, "price", CaseStatus.Resolved);
        var transferred = Case(customer, 7, CaseType.Complaint, CaseChannel.Phone, "product-quality", CaseStatus.Closed);
        var open = Case(customer, 8, CaseType.Complaint, CaseChannel.Online, "other", CaseStatus.InProgress);
        var inquiry = Case(customer, 9, CaseType.Inquiry, CaseChannel.Phone, "common", CaseStatus.Archived);
        var redirected = Case(customer, 10, CaseType.Complaint, CaseChannel.Social, null, CaseStatus.Redirected);
        var followUp = Case(customer, 11, CaseType.Complaint, CaseChannel.Phone, "service-attitude", CaseStatus.FollowUp);
        var december = Case(customer, -10, CaseType.Complaint, CaseChannel.Phone, "price", CaseStatus.New);
        await AddAsync([customer, archived, supervised, transferred, open, inquiry, redirected, followUp, december]);
        await AddAsync([
            Task(archived, CaseRoles.Agent, CaseTaskStatus.Completed, null),
            Task(supervised, CaseRoles.Supervisor, CaseTaskStatus.Completed, null),
            Task(open, CaseRoles.Agent, CaseTaskStatus.Open, new DateTimeOffset(2026, 2, 28, 0, 0, 0, TimeSpan.Zero)),
            Task(open, CaseRoles.Agent, CaseTaskStatus.Open, new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero)),
            Task(december, CaseRoles.Agent, CaseTaskStatus.Open, null),
            new CaseTransfer { Id = "tr", CaseId = transferred.Id, FromOwner = "agent", ToOwner = "agent2", TransferredBy = "agent", Reason = "Shift", At = transferred.CreatedAt },
            Clock(archived, "complaint.firstResponse", SlaClockStatus.Met),
            Clock(supervised, "complaint.firstResponse", SlaClockStatus.Met),
            Clock(transferred, "complaint.firstResponse", SlaClockStatus.Breached),
            Clock(open, "complaint.firstResponse", SlaClockStatus.Running),
            Clock(archived, "complaint.resolution", SlaClockStatus.Met),
            Clock(supervised, "complaint.resolution", SlaClockStatus.Breached),
            Clock(redirected, "complaint.resolution", SlaClockStatus.Cancelled),
            Clock(december, "complaint.firstResponse", SlaClockStatus.Breached),
            Survey(archived, SurveyStatus.Answered, 5),
            Survey(followUp, SurveyStatus.Answered, 4),
            Survey(transferred, SurveyStatus.Answered, 2),
            Survey(supervised, SurveyStatus.Pending, null),
            Survey(inquiry, SurveyStatus.Expired, null),
            Survey(december, SurveyStatus.Answered, 1),
        ]);

        var report = await Kpis.RunAsync(January, February);

        Assert.Equal((January, February), (report.From, report.To));
        Assert.Equal(7, report.Volume.Total);
        Assert.Equal([new("Complaint", 6), new KpiCount("Inquiry", 1)], report.Volume.ByType);
        Assert.Equal(
            [new("price", 2), new("common", 1), new("other", 1), new("product-quality", 1), new("service-attitude", 1), new KpiCount("unclassified", 1)],
            report.Volume.ByCategory);
        Assert.Equal([new("Phone", 4), new("Email", 1), new("Online", 1), new KpiCount("Social", 1)], report.Volume.ByChannel);

        Assert.Equal(new SlaKpi(3, 2, 1, 60.0, report.Sla.ByClock), report.Sla);
        Assert.Equal(
            [new("complaint.firstResponse", 2, 1, 1, 66.7), new SlaClockKpi("complaint.resolution", 1, 1, 0, 50.0)],
            report.Sla.ByClock);

        // Resolved complaints: archived, supervised (a Supervisor task), transferred (a transfer), followUp.
        Assert.Equal(new FirstContactResolutionKpi(4, 2, 50.0), report.FirstContactResolution);
        Assert.Equal(new CsatKpi(5, 3, 3.67, 66.7, 60.0), report.Csat);

        Assert.Equal(_db.Clock.GetUtcNow(), report.Backlog.AsOf);
        Assert.Equal(4, report.Backlog.OpenCases);
        Assert.Equal([new("New", 1), new("InProgress", 1), new("Escalated", 0), new("Resolved", 1), new KpiCount("FollowUp", 1)], report.Backlog.OpenCasesByStatus);
        Assert.Equal((3, 1), (report.Backlog.OpenTasks, report.Backlog.OverdueTasks));
    }

    [Fact]
    public async Task AnEmptyPeriod_CountsZero_AndHasNoPercentages()
    {
        var report = await Kpis.RunAsync(January, February);

        Assert.Equal(0, report.Volume.Total);
        Assert.All(report.Volume.ByChannel, c => Assert.Equal(0, c.Count));
        Assert.Empty(report.Volume.ByCategory);
        Assert.Equal(new SlaKpi(0, 0, 0, null, report.Sla.ByClock), report.Sla);
        Assert.Empty(report.Sla.ByClock);
        Assert.Equal(new FirstContactResolutionKpi(0, 0, null), report.FirstContactResolution);
        Assert.Equal(new CsatKpi(0, 0, null, null, null), report.Csat);
        Assert.Equal((0, 0, 0), (report.Backlog.OpenCases, report.Backlog.OpenTasks, report.Backlog.OverdueTasks));
    }

    [Fact]
    public async Task ThePeriod_DefaultsToTheLast30Days_AndMayNotEndBeforeItStarts()
    {
        var now = _db.Clock.GetUtcNow();

        var recent = await Kpis.RunAsync();
        var untilJanuary = await Kpis.RunAsync(to: February);
        var backwards = await Assert.ThrowsAsync<ValidationException>(() => Kpis.RunAsync(February, January));

        Assert.Equal((now - TimeSpan.FromDays(30), now), (recent.From, recent.To));
        Assert.Equal(February - TimeSpan.FromDays(30), untilJanuary.From);
        Assert.Equal(["from"], backwards.Errors.Keys);
    }

    private Case Case(Customer customer, int day, CaseType type, CaseChannel channel, string? category, CaseStatus status)
    {
        var at = January.AddDays(day);
        return new Case
        {
            Id = "case-" + ++_number,
            Number = $"CF-2026-{_number:D6}",
            Type = type,
            Channel = channel,
            CustomerId = customer.Id,
            Description = "Seeded",
            Category = category,
            Status = status,
            CreatedAt = at,
            UpdatedAt = at,
        };
    }

    private CaseTask Task(Case of, string role, CaseTaskStatus status, DateTimeOffset? dueAt) => new()
    {
        Id = "task-" + ++_number,
        CaseId = of.Id,
        WorkflowInstanceId = "wf-" + of.Id,
        ActivityId = "step",
        ActivityInstanceId = "ai-" + _number,
        Title = "Seeded task",
        CandidateRole = role,
        Status = status,
        DueAt = dueAt,
        CreatedAt = of.CreatedAt,
    };

    private SlaClock Clock(Case of, string name, SlaClockStatus status) => new()
    {
        Id = "sla-" + ++_number,
        CaseId = of.Id,
        WorkflowInstanceId = "wf-" + of.Id,
        Name = name,
        StartedAt = of.CreatedAt,
        DueAt = of.CreatedAt.AddDays(1),
        Status = status,
    };

    private Survey Survey(Case of, SurveyStatus status, int? score) => new()
    {
        Id = "survey-" + ++_number,
        CaseId = of.Id,
        WorkflowInstanceId = "wf-" + of.Id,
        TokenHash = $"hash-{_number}",
        Status = status,
        Score = score,
        CreatedAt = of.CreatedAt.AddDays(3),
        ExpiresAt = of.CreatedAt.AddDays(10),
    };

    private async Task AddAsync(IEnumerable<object> rows)
    {
        await using var db = _db.CreateDbContext();
        db.AddRange(rows);
        await db.SaveChangesAsync();
    }
}
