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
    public async Task TheTrendAgeingHotSpotsEmergenciesAndDrills_OfAKnownDataset_AreCountedAsDocumented()
    {
        var now = _db.Clock.GetUtcNow(); // 2026-03-01 09:00
        var customer = new Customer { Id = "cu", Name = "Li Wei", Phone = "+86 138 0000 0001" };
        // Hot spots: January against December (the 31 days before); two of the open cases below were filed in January too.
        var price1 = Case(customer, 2, CaseType.Complaint, CaseChannel.Phone, "price", CaseStatus.Archived);
        var price2 = Case(customer, 2, CaseType.Complaint, CaseChannel.Phone, "price", CaseStatus.Archived);
        var price3 = Case(customer, 20, CaseType.Complaint, CaseChannel.Email, "price", CaseStatus.Archived);
        var other = Case(customer, 20, CaseType.Complaint, CaseChannel.Email, "other", CaseStatus.Archived);
        var inquiry = Case(customer, 20, CaseType.Inquiry, CaseChannel.Email, "common", CaseStatus.Archived);
        var decemberPrice = Case(customer, -5, CaseType.Complaint, CaseChannel.Phone, "price", CaseStatus.Archived);
        var decemberOther1 = Case(customer, -5, CaseType.Complaint, CaseChannel.Phone, "other", CaseStatus.Archived);
        var decemberOther2 = Case(customer, -20, CaseType.Complaint, CaseChannel.Phone, "other", CaseStatus.Archived);
        var novemberOther = Case(customer, -40, CaseType.Complaint, CaseChannel.Phone, "other", CaseStatus.Archived);
        // Backlog ageing, by time since intake as of now.
        Case Open(TimeSpan age, CaseType type = CaseType.Complaint, bool drill = false)
        {
            var c = Case(customer, 0, type, CaseChannel.Phone, "price", CaseStatus.InProgress);
            c.CreatedAt = now - age;
            c.IsDrill = drill;
            return c;
        }

        var open = new[] { Open(TimeSpan.FromHours(2)), Open(TimeSpan.FromDays(2)), Open(TimeSpan.FromDays(10)), Open(TimeSpan.FromDays(29)), Open(TimeSpan.FromDays(40)) };
        var openDrill = Open(TimeSpan.FromHours(1), CaseType.Drill, drill: true);
        var openEmergency = Open(TimeSpan.FromHours(1), CaseType.Emergency);
        // Emergencies raised in January: a level I (response met in 10 min, assessment breached at 70, plan reached in
        // 100, first notice still running), a level II (response breached at 20 min), one in warning, a drill's level I.
        var levelOne = Emergency(customer, 3, ResponseLevel.I, drill: false, EmergencyStage.Handling);
        var levelTwo = Emergency(customer, 4, ResponseLevel.II, drill: false, EmergencyStage.Closed);
        var warning = Emergency(customer, 5, null, drill: false, EmergencyStage.Warning);
        var drillCase = Case(customer, 6, CaseType.Drill, CaseChannel.Internal, null, CaseStatus.InProgress);
        drillCase.IsDrill = true;
        drillCase.CustomerId = null;
        var tabletopCase = Case(customer, 7, CaseType.Drill, CaseChannel.Internal, null, CaseStatus.Closed);
        tabletopCase.IsDrill = true;
        tabletopCase.CustomerId = null;
        var drillRun = Emergency(customer, 6, ResponseLevel.I, drill: true, EmergencyStage.Recovery, trigger: "drill:" + drillCase.Id);
        await AddAsync([customer, price1, price2, price3, other, inquiry, decemberPrice, decemberOther1, decemberOther2, novemberOther, .. open, openDrill, openEmergency,
            levelOne.Case, levelTwo.Case, warning.Case, drillCase, tabletopCase, drillRun.Case]);
        await AddAsync([
            levelOne.Emergency, levelTwo.Emergency, warning.Emergency, drillRun.Emergency,
            new Drill { CaseId = drillCase.Id, Scenario = "system-failure", Kind = DrillKind.Live, RunPlan = true, CreatedAt = drillCase.CreatedAt },
            new Drill { CaseId = tabletopCase.Id, Scenario = "staff-loss", Kind = DrillKind.Tabletop, CreatedAt = tabletopCase.CreatedAt },
            Milestone(levelOne.Case, "emergency.response", 15, 10), Milestone(levelOne.Case, "emergency.assessment", 60, 70),
            Milestone(levelOne.Case, "emergency.plan", 120, 100), Milestone(levelOne.Case, "emergency.firstNotice", 240, null),
            Milestone(levelTwo.Case, "emergency.response", 15, 20),
            Milestone(drillRun.Case, "emergency.response", 15, 5), Milestone(drillRun.Case, "emergency.assessment", 60, 61),
            // CSAT trend: sent on 6 January (a 5 and a 3 answered, one pending) and on 23 January (a 4).
            Survey(price1, SurveyStatus.Answered, 5), Survey(price2, SurveyStatus.Answered, 3), Survey(price2, SurveyStatus.Pending, null), Survey(price3, SurveyStatus.Answered, 4),
        ]);

        var report = await Kpis.RunAsync(January, February);
        var withDrills = await Kpis.RunAsync(January, February, includeDrills: true);

        Assert.Equal("day", report.CsatTrend.Bucket);
        Assert.Equal(31, report.CsatTrend.Points.Count);
        Assert.Equal(new CsatPoint(January.AddDays(5), 3, 2, 4.0), report.CsatTrend.Points[5]);
        Assert.Equal(new CsatPoint(January.AddDays(23), 1, 1, 4.0), report.CsatTrend.Points[23]);
        Assert.Equal(new CsatPoint(January, 0, 0, null), report.CsatTrend.Points[0]);
        Assert.Equal(4, report.CsatTrend.Points.Sum(p => p.Sent));

        Assert.Equal([new("under1d", 1), new("1to3d", 1), new("3to7d", 0), new("7to30d", 2), new KpiCount("over30d", 1)], report.BacklogAgeing);
        Assert.Equal(2, withDrills.BacklogAgeing[0].Count); // the open drill

        Assert.Equal([new("price", 5, 1, 400.0), new HotSpotKpi("other", 1, 2, -50.0)], report.HotSpots.Take(2));

        Assert.Equal(3, report.Emergencies.Total);
        Assert.Equal(["I", "II", "III", "IV", "unassessed"], report.Emergencies.ByLevel.Select(l => l.Level));
        var one = report.Emergencies.ByLevel[0];
        Assert.Equal((1, 1), (one.Count, one.Active));
        Assert.Equal(
            [new("emergency.response", 15, 1, 0, 0, 10), new("emergency.assessment", 60, 0, 1, 0, 70), new("emergency.plan", 120, 1, 0, 0, 100), new MilestoneKpi("emergency.firstNotice", 240, 0, 0, 1, null)],
            one.Milestones);
        Assert.Equal(new MilestoneKpi("emergency.response", 15, 0, 1, 0, 20), report.Emergencies.ByLevel[1].Milestones[0]);
        Assert.Equal((1, 0), (report.Emergencies.ByLevel[1].Count, report.Emergencies.ByLevel[1].Active));
        Assert.Equal(1, report.Emergencies.ByLevel[4].Count);
        Assert.Equal(2, withDrills.Emergencies.ByLevel[0].Count);
        Assert.Equal(7.5, withDrills.Emergencies.ByLevel[0].Milestones[0].MedianMinutes); // 10 and 5

        Assert.Equal(
            [
                new DrillScoreKpi(drillCase.Id, drillCase.Number, "system-failure", "Live", "InProgress", drillCase.CreatedAt, 1, 2, 50.0),
                new DrillScoreKpi(tabletopCase.Id, tabletopCase.Number, "staff-loss", "Tabletop", "Closed", tabletopCase.CreatedAt, 0, 0, null),
            ],
            report.Drills);
        Assert.False(report.IncludesDrills);
        Assert.True(withDrills.IncludesDrills);
    }

    [Fact]
    public async Task ALongPeriod_TrendsByWeekOrMonth()
    {
        var byWeek = await Kpis.RunAsync(January, January.AddDays(70));
        var byMonth = await Kpis.RunAsync(January.AddYears(-3), February);

        Assert.Equal("week", byWeek.CsatTrend.Bucket);
        // 1 January 2026 is a Thursday: the first week is cut to the period, the next starts on Monday 5 January.
        Assert.Equal([January, January.AddDays(4), January.AddDays(11)], byWeek.CsatTrend.Points.Take(3).Select(p => p.Start));
        Assert.Equal("month", byMonth.CsatTrend.Bucket);
        Assert.Equal(37, byMonth.CsatTrend.Points.Count);
    }

    [Fact]
    public async Task APeriodEndingAtTheEndOfTime_HasItsLastBuckets_WithoutOverflowing()
    {
        var report = await Kpis.RunAsync(to: DateTimeOffset.MaxValue);

        Assert.Equal(31, report.CsatTrend.Points.Count);
        Assert.Equal(DateTimeOffset.MaxValue, report.To);
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

    private (Case Case, Emergency Emergency) Emergency(Customer customer, int day, ResponseLevel? level, bool drill, EmergencyStage stage, string? trigger = null)
    {
        var c = Case(customer, day, CaseType.Emergency, CaseChannel.Internal, null, stage == EmergencyStage.Closed ? CaseStatus.Closed : CaseStatus.InProgress);
        c.IsDrill = drill;
        c.CustomerId = null;
        return (c, new Emergency { CaseId = c.Id, EventType = "system-failure", OccurredAt = c.CreatedAt, Level = level, Stage = stage, TriggerKey = trigger });
    }

    private SlaClock Milestone(Case of, string name, int limitMinutes, int? reachedAfterMinutes) => new()
    {
        Id = "sla-" + ++_number,
        CaseId = of.Id,
        WorkflowInstanceId = "wf-" + of.Id,
        Name = name,
        StartedAt = of.CreatedAt,
        DueAt = of.CreatedAt.AddMinutes(limitMinutes),
        StoppedAt = reachedAfterMinutes is { } m ? of.CreatedAt.AddMinutes(m) : null,
        BreachedAt = reachedAfterMinutes is { } late && late > limitMinutes ? of.CreatedAt.AddMinutes(limitMinutes) : null,
        Status = reachedAfterMinutes is { } r ? (r <= limitMinutes ? SlaClockStatus.Met : SlaClockStatus.Breached) : SlaClockStatus.Running,
    };

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
