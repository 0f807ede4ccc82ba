using CaseFlow.Cases.Features.Definitions;
using CaseFlow.Cases.Jobs;
using CaseFlow.Cases.Persistence;
using CaseFlow.Cases.Persistence.Entities;
using CaseFlow.Server.Tests.Support;
using CaseFlow.Workflows.Durability;
using Hangfire;
using Hangfire.InMemory;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CaseFlow.Server.Tests.Durability;

/// <summary>
/// One instance that cannot be read (its snapshot was damaged in the database) or one outbox message that cannot be
/// delivered, among good ones: the host still starts and recovers the rest, the sweep delivers the rest, and the
/// broken one is named in the log.
/// </summary>
[Collection(HostCollection.Name)]
public class PoisonedInstanceTests
{
    [Fact]
    public async Task AHostWithAnUnreadableOverdueInstance_Starts_AndItsRecoveryFiresEveryOtherOverdueTimer()
    {
        using var dir = new TempDirectory();
        var workflows = DurableWorkflows.CopyTo(dir.Sub("workflows"), "crash-delay.json");
        string broken;
        var good = new List<string>();
        // Started by a process an hour behind: every timer is overdue when the host starts, the broken one first.
        await using (var cli = await DataServices.OpenAsync(dir.Path, new ShiftedClock(TimeSpan.FromHours(-1))))
        {
            await cli.ImportAsync(workflows);
            broken = (await cli.StartAsync("crash-delay", new Dictionary<string, object?> { ["Wait"] = "00:00:01" })).Id;
            for (var i = 0; i < 3; i++)
                good.Add((await cli.StartAsync("crash-delay", new Dictionary<string, object?> { ["Wait"] = "00:00:02" })).Id);
        }

        Execute(dir.Path, $"UPDATE WorkflowInstances SET Snapshot = '{{ not json' WHERE Id = '{broken}'");
        var logs = new CapturedLogs();

        using var host = ProgramHost.Start(dir.Path, workflows, services => services.AddSingleton<ILoggerProvider>(logs));

        // The start-up recovery has run by now (hosted services finish starting before the host serves).
        var lines = new DatabaseProbe(dir.Path).Lines();
        Assert.All(good, id => Assert.Equal(["before", "after 1"], lines[id]));
        Assert.Equal(["before"], lines[broken]);
        Assert.Contains(logs.Errors, m => m.Contains(broken, StringComparison.Ordinal) && m.Contains("start-up recovery", StringComparison.Ordinal));
        using var http = host.Anonymous();
        Assert.True((await http.GetAsync(new Uri("/health/ready", UriKind.Relative))).IsSuccessStatusCode);
    }

    [Fact]
    public async Task TheStaleOutboxSweep_DeliversTheGoodMessages_PastOneThatFails()
    {
        using var dir = new TempDirectory();
        // The messages are written by a process an hour behind, so they are stale for the sweep.
        await using var app = await DataServices.OpenAsync(dir.Path, new ShiftedClock(TimeSpan.FromHours(-1)));
        await app.ImportAsync(DurableWorkflows.CopyTo(dir.Sub("workflows"), "publisher.json", "ping-trigger.json"));
        await using (var db = await app.Get<IDbContextFactory<CaseFlowDbContext>>().CreateDbContextAsync())
        {
            // Older than every good message: the first in the sweep's oldest-first batch. Its delivery throws.
            db.OutboxMessages.Add(new OutboxMessageRow { Id = "broken-message", Kind = OutboxKinds.ChildCompleted, InstanceId = "gone", Payload = "{}", CreatedAt = DateTimeOffset.UtcNow.AddHours(-2) });
            await db.SaveChangesAsync();
        }

        var publishers = new List<string>();
        for (var i = 0; i < 3; i++)
            publishers.Add((await app.StartAsync("publisher")).Id);
        var good = app.Scheduler.Dispatches.ToList();
        Assert.Equal(3, good.Count);
        await using var server = await DataServices.OpenAsync(dir.Path);
        // Hangfire's log provider is a static; a host disposed by an earlier test may have left its dead one there.
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(new SilentHangfireLog());
        using var storage = new InMemoryStorage();
        using var triggers = new RecurringTriggerRegistrar(server.Get<EfWorkflowDefinitionStore>(), new RecurringJobManager(storage), new BackgroundJobClient(storage), storage, TimeProvider.System, NullLogger<RecurringTriggerRegistrar>.Instance);
        var logs = new CapturedLogs();
        using var factory = new LoggerFactory([logs]);
        var sweep = new TimerSweepJob(server.Runtime, server.Get<WorkflowEventDispatcher>(), triggers, new SweepGate(), Options.Create(new WorkflowJobOptions()), factory.CreateLogger<TimerSweepJob>());

        await sweep.RunAsync(CancellationToken.None);

        foreach (var id in good)
            Assert.True((await app.Runtime.Store.FindOutboxMessageAsync(id))!.Value.Dispatched, $"message {id} was delivered");
        Assert.False((await app.Runtime.Store.FindOutboxMessageAsync("broken-message"))!.Value.Dispatched);
        Assert.Equal(3, new DatabaseProbe(dir.Path).CountFinished("ping-trigger"));
        Assert.Contains(logs.Errors, m => m.Contains("broken-message", StringComparison.Ordinal));
    }

    private static void Execute(string dataDirectory, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDirectory, "caseflow.db"), Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    private sealed class SilentHangfireLog : Hangfire.Logging.ILogProvider, Hangfire.Logging.ILog
    {
        public Hangfire.Logging.ILog GetLogger(string name) => this;

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }

    /// <summary>Every error logged by any category, as formatted text.</summary>
    private sealed class CapturedLogs : ILoggerProvider
    {
        private readonly List<string> _errors = [];

        public IReadOnlyList<string> Errors
        {
            get
            {
                lock (_errors)
                    return _errors.ToList();
            }
        }

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturedLogs owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (logLevel < LogLevel.Error)
                    return;
                lock (owner._errors)
                    owner._errors.Add(formatter(state, exception));
            }
        }
    }
}
