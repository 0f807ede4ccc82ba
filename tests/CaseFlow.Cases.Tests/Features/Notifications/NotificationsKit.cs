using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Cases;
using CaseFlow.Cases.Features.Notifications;
using CaseFlow.Cases.Persistence;
using CaseFlow.Cases.Tests.Features.Cases;
using CaseFlow.Cases.Tests.Support;
using CaseFlow.Workflows.Durability;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Cases.Tests.Features.Notifications;

/// <summary>
/// A case database (from <see cref="CaseTestKit"/>) with a second container over it that has the test's own
/// channels and options: TestDatabase's container cannot take extra registrations, so this one runs the cases.
/// </summary>
internal sealed class NotificationsKit : IAsyncDisposable
{
    public const string Email = "li.wei@example.com";

    private readonly CaseTestKit _cases;
    private readonly ServiceProvider _services;
    private readonly HashSet<string> _dispatched = [];

    private NotificationsKit(CaseTestKit cases, ServiceProvider services)
    {
        _cases = cases;
        _services = services;
    }

    public TestClock Clock => _cases.Db.Clock;
    public NotificationService Notifications => Get<NotificationService>();
    public DurableWorkflowRuntime Runtime => Get<DurableWorkflowRuntime>();

    /// <summary>Publishes <paramref name="workflow"/> (default: <see cref="NotifyWorkflows.AcknowledgeCustomer"/>) as the complaint workflow.</summary>
    public static async Task<NotificationsKit> CreateAsync(Workflows.Definitions.WorkflowDefinition? workflow = null, Action<IServiceCollection>? configure = null)
    {
        var cases = await CaseTestKit.CreateAsync(workflow ?? NotifyWorkflows.AcknowledgeCustomer());
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(cases.Db.Clock);
        services.AddCaseFlowCases(o => o.DataDirectory = cases.Db.Folder);
        configure?.Invoke(services);
        return new NotificationsKit(cases, services.BuildServiceProvider());
    }

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public CaseFlowDbContext CreateDbContext() => Get<IDbContextFactory<CaseFlowDbContext>>().CreateDbContext();

    /// <summary>Files a complaint (by default Li Wei with an email address) and delivers the outbox.</summary>
    public async Task<Case> FileAsync(CreateCase? command = null)
    {
        var created = await Get<CreateCaseHandler>().HandleAsync(command ?? CaseTestKit.Complaint(email: Email));
        await DrainAsync();
        return created;
    }

    /// <summary>Files a complaint without delivering its outbox.</summary>
    public Task<Case> IntakeAsync(CreateCase? command = null) => Get<CreateCaseHandler>().HandleAsync(command ?? CaseTestKit.Complaint(email: Email));

    /// <summary>Delivers the outbox messages handed out so far, once each, as Hangfire would after each commit.</summary>
    public async Task DrainAsync()
    {
        var scheduler = (ManualWorkScheduler)Get<IWorkflowWorkScheduler>();
        for (var round = 0; round < 100; round++)
        {
            var pending = scheduler.Dispatches.Where(id => !_dispatched.Contains(id)).ToList();
            if (pending.Count == 0)
                return;
            foreach (var id in pending)
            {
                _dispatched.Add(id);
                await Runtime.DispatchAsync(id);
            }
        }

        throw new InvalidOperationException("The outbox did not settle after 100 rounds");
    }

    /// <summary>Makes an outbox message look undelivered again (the crash between delivering and marking it dispatched).</summary>
    public async Task<string> ForgetDispatchOfAsync(string kind)
    {
        await using var db = CreateDbContext();
        var message = await db.OutboxMessages.SingleAsync(o => o.Kind == kind);
        await db.OutboxMessages.Where(o => o.Id == message.Id).ExecuteUpdateAsync(s => s.SetProperty(o => o.DispatchedAt, (DateTimeOffset?)null));
        return message.Id;
    }

    public async Task<List<TimelineEntry>> MessageTimelineAsync(string caseId)
    {
        await using var db = CreateDbContext();
        return await db.Timeline.AsNoTracking().Where(e => e.CaseId == caseId && e.Kind == TimelineKind.Message).OrderBy(e => e.Id).ToListAsync();
    }

    public async Task<NotificationMessage> ReloadAsync(string notificationId)
    {
        await using var db = CreateDbContext();
        return await db.Notifications.AsNoTracking().SingleAsync(n => n.Id == notificationId);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _cases.DisposeAsync();
    }
}
