using System.Diagnostics;
using System.Globalization;
using CaseFlow.Cases;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Tasks;
using CaseFlow.Cases.Persistence;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Benchmarks.Inbox;

/// <summary>
/// The task inbox at scale: a SQLite file with 1,000,000 tasks (100,000 open) on 250,000 cases, queried through
/// <see cref="TaskQueries"/> as the API does, one page at a time: each inbox view, filters, sorts and a deep page.
/// The baseline of the same run is one task read by its id; the target is p95 ≤ 20 ms per page.
/// </summary>
/// <remarks>
/// The rows are written by one SQL statement each for cases and tasks (a recursive counter), in a spread like a busy
/// centre's: a task a minute for two years, four tasks a case, 40 % of the open tasks assigned to 200 agents, the
/// rest waiting for a role; 80 % with a due time; seven categories, four channels, 2 % of cases linked to an
/// emergency, 1 % drills. Nothing is analysed beyond what the server itself does.
/// </remarks>
public static class InboxBenchmark
{
    private const int Warmup = 20;
    private const int Measured = 200;
    private const double TargetP95Ms = 20;
    private const string EmptyJson = "{}";
    private static readonly string[] Categories = ["product-quality", "service-attitude", "delivery", "price", "billing", "after-sales", "privacy"];

    public static async Task<int> RunAsync(int taskCount, int openCount, TextWriter output, bool plans = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        var culture = CultureInfo.InvariantCulture;
        var folder = Directory.CreateTempSubdirectory("caseflow-inbox-bench").FullName;
        try
        {
            var collection = new ServiceCollection().AddCaseFlowCases(o => o.DataDirectory = folder);
            await using var services = collection.BuildServiceProvider();
            await services.MigrateCaseFlowDatabaseAsync();
            var factory = services.GetRequiredService<IDbContextFactory<CaseFlowDbContext>>();

            var seeding = Stopwatch.StartNew();
            await SeedAsync(factory, taskCount, openCount);
            output.WriteLine(string.Create(culture, $"Inbox benchmark: {taskCount:N0} tasks ({openCount:N0} open) on {taskCount / 4:N0} cases, seeded in {seeding.Elapsed.TotalSeconds:0.0} s; {Environment.ProcessorCount} logical CPUs, {Environment.Version}"));

            var queries = services.GetRequiredService<TaskQueries>();
            var agent = new Actor("agent-5", new HashSet<string>([CaseRoles.Agent], StringComparer.OrdinalIgnoreCase));
            var supervisor = new Actor("sup-1", new HashSet<string>([CaseRoles.Supervisor], StringComparer.OrdinalIgnoreCase));
            var someTask = (await queries.ListAsync(new ListTasks(TaskView.All, supervisor))).Items[0].Task.Id;

            var baseline = await MeasureAsync(() => queries.GetAsync(someTask, supervisor));
            var cases = new (string Name, Func<TaskQueries, Task<TaskPage>> Run)[]
            {
                ("mine (agent), page 1", q => q.ListAsync(new ListTasks(TaskView.Mine, agent))),
                ("mine, completed, page 1", q => q.ListAsync(new ListTasks(TaskView.Mine, agent, Status: CaseTaskStatus.Completed))),
                ("available (agent), page 1", q => q.ListAsync(new ListTasks(TaskView.Available, agent))),
                ("available, page 40", q => q.ListAsync(new ListTasks(TaskView.Available, agent, Page: 40))),
                ("team (supervisor), page 1", q => q.ListAsync(new ListTasks(TaskView.Team, supervisor))),
                ("all, page 1", q => q.ListAsync(new ListTasks(TaskView.All, supervisor))),
                ("all, category", q => q.ListAsync(new ListTasks(TaskView.All, supervisor, Filter: new TaskFilter(Category: "delivery")))),
                ("all, channel + priority", q => q.ListAsync(new ListTasks(TaskView.All, supervisor, Filter: new TaskFilter(Channel: CaseChannel.Phone, Priority: CasePriority.Urgent)))),
                ("all, emergency-linked", q => q.ListAsync(new ListTasks(TaskView.All, supervisor, Filter: new TaskFilter(EmergencyLinked: true)))),
                ("all, no drills", q => q.ListAsync(new ListTasks(TaskView.All, supervisor, Filter: new TaskFilter(Drill: false)))),
                ("all, by priority", q => q.ListAsync(new ListTasks(TaskView.All, supervisor, Sort: TaskSort.Priority))),
                ("all, newest first", q => q.ListAsync(new ListTasks(TaskView.All, supervisor, Sort: TaskSort.Newest))),
            };

            output.WriteLine();
            output.WriteLine("| Page | Total | p50 ms | p95 ms | p99 ms | p95 / baseline p50 | p95 ≤ 20 ms |");
            output.WriteLine("|---|---|---|---|---|---|---|");
            output.WriteLine(string.Create(culture, $"| baseline: one task by id | 1 | {baseline.P50:0.00} | {baseline.P95:0.00} | {baseline.P99:0.00} | 1 | |"));
            var failed = 0;
            foreach (var (name, run) in cases)
            {
                var page = await run(queries);
                var result = await MeasureAsync(() => run(queries));
                var met = result.P95 <= TargetP95Ms;
                failed += met ? 0 : 1;
                var total = page.TotalIsCapped ? $"{page.Total:N0}+" : page.Total.ToString("N0", culture);
                output.WriteLine(string.Create(culture, $"| {name} | {total} | {result.P50:0.00} | {result.P95:0.00} | {result.P99:0.00} | {result.P95 / baseline.P50:0.0} | {(met ? "yes" : "NO")} |"));
            }

            output.WriteLine();
            output.WriteLine(failed == 0 ? "Every page met the target." : $"{failed} page(s) missed the target.");
            if (plans)
            {
                // What SQLite makes of each page's statements (the count, then the page).
                var recorder = new PlanRecorder();
                var connectionString = new CaseFlowDatabaseOptions { DataDirectory = folder }.BuildConnectionString();
                var planning = new TaskQueries(new PlanningFactory(connectionString, recorder));
                foreach (var (name, run) in cases)
                {
                    recorder.Plans.Clear();
                    await run(planning);
                    output.WriteLine();
                    output.WriteLine($"Plan of \"{name}\":");
                    foreach (var plan in recorder.Plans)
                        output.WriteLine(plan);
                }
            }
            return failed == 0 ? 0 : 1;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Environment.GetEnvironmentVariable("CASEFLOW_BENCH_KEEP") is { Length: > 0 })
                output.WriteLine($"The database is kept in {folder}.");
            else
                DeleteFolder(folder);
        }
    }

    private static void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow machine: the temporary folder is left for the system to clear.
        }
    }

    private static async Task<(double P50, double P95, double P99)> MeasureAsync<T>(Func<Task<T>> run)
    {
        for (var i = 0; i < Warmup; i++)
            await run();
        var times = new double[Measured];
        for (var i = 0; i < Measured; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await run();
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(times);
        return (times[Measured / 2], times[(int)(Measured * 0.95)], times[(int)(Measured * 0.99)]);
    }

    private static async Task SeedAsync(IDbContextFactory<CaseFlowDbContext> factory, int taskCount, int openCount)
    {
        await using var db = await factory.CreateDbContextAsync();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
        var caseCount = Math.Max(1, taskCount / 4);
        var openEvery = Math.Max(1, taskCount / Math.Max(1, openCount));
        var now = DateTimeOffset.UtcNow.UtcTicks;
        const long minute = TimeSpan.TicksPerMinute;
        var categories = string.Join(" ", Categories.Select((c, i) => $"WHEN {i} THEN '{c}'"));

        // A supervisor with twenty agents below them, for the team view.
        db.People.Add(new Person { Id = "p-sup-1", Name = "Supervisor 1", Position = Position.Supervisor, UserName = "sup-1" });
        for (var i = 0; i < 20; i++)
            db.People.Add(new Person { Id = $"p-agent-{i}", Name = $"Agent {i}", Position = Position.Agent, SuperiorId = "p-sup-1", UserName = $"agent-{i}" });
        await db.SaveChangesAsync();

                var casesSql = $"""
            WITH RECURSIVE n(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM n WHERE k < {caseCount - 1})
            INSERT INTO "Cases" ("Id", "Number", "Type", "Channel", "Priority", "Status", "Category", "Description", "Fields",
                "WorkflowUpdateSequences", "IsDrill", "CreatedAt", "UpdatedAt", "Revision", "WorkflowInstanceId")
            SELECT 'case-' || k, 'CF-B-' || printf('%07d', k),
                CASE WHEN k % 100 < 70 THEN 'Complaint' WHEN k % 100 < 95 THEN 'Inquiry' WHEN k % 100 < 99 THEN 'Emergency' ELSE 'Drill' END,
                CASE k % 4 WHEN 0 THEN 'Phone' WHEN 1 THEN 'Email' WHEN 2 THEN 'Online' ELSE 'Social' END,
                'Normal', 'InProgress', CASE k % 7 {categories} END, 'Benchmark case', '{EmptyJson}', '{EmptyJson}',
                CASE WHEN k % 100 = 99 THEN 1 ELSE 0 END,
                {now} - ({caseCount} - k) * 4 * {minute}, {now} - ({caseCount} - k) * 4 * {minute}, 1, 'wf-' || k
            FROM n
            """;
        await ExecuteAsync(db, casesSql);
                var tasksSql = $"""
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {taskCount - 1})
            INSERT INTO "CaseTasks" ("Id", "Kind", "CaseId", "CaseType", "Category", "Channel", "EmergencyLinked", "IsDrill",
                "WorkflowInstanceId", "ActivityId", "ActivityInstanceId", "Title", "Assignee", "CandidateRole", "Outcomes", "Form",
                "Priority", "DueAt", "Status", "CreatedAt", "ClaimedAt", "CompletedAt", "CompletedBy", "Outcome", "Data",
                "Escalates", "EscalationLevel", "ResumedAt", "Revision")
            SELECT 'task-' || i, 'Task', 'case-' || (i / 4),
                CASE WHEN (i / 4) % 100 < 70 THEN 'Complaint' WHEN (i / 4) % 100 < 95 THEN 'Inquiry' WHEN (i / 4) % 100 < 99 THEN 'Emergency' ELSE 'Drill' END,
                CASE (i / 4) % 7 {categories} END,
                CASE (i / 4) % 4 WHEN 0 THEN 'Phone' WHEN 1 THEN 'Email' WHEN 2 THEN 'Online' ELSE 'Social' END,
                CASE WHEN (i / 4) % 50 = 0 THEN 1 ELSE 0 END, CASE WHEN (i / 4) % 100 = 99 THEN 1 ELSE 0 END,
                'wf-' || (i / 4), 'step-' || (i % 4), 'ai-' || i, 'Task ' || i,
                CASE WHEN i % {openEvery} <> 3 THEN 'agent-' || (i % 200) WHEN (i / {openEvery}) % 5 < 2 THEN 'agent-' || ((i / {openEvery}) % 200) ELSE NULL END,
                CASE WHEN (i / {openEvery}) % 10 = 9 THEN 'Supervisor' ELSE 'Agent' END,
                '["Done"]', '[]',
                CASE (i * 7 / 3) % 20 WHEN 0 THEN 3 WHEN 1 THEN 2 WHEN 2 THEN 2 WHEN 3 THEN 2 WHEN 19 THEN 0 ELSE 1 END,
                CASE WHEN i % 5 = 0 THEN NULL ELSE {now} - ({taskCount} - i) * {minute} + ((i * 13) % 72) * 60 * {minute} END,
                CASE WHEN i % {openEvery} = 3 THEN 'Open' ELSE 'Completed' END,
                {now} - ({taskCount} - i) * {minute},
                CASE WHEN i % {openEvery} <> 3 OR (i / {openEvery}) % 5 < 2 THEN {now} - ({taskCount} - i) * {minute} ELSE NULL END,
                CASE WHEN i % {openEvery} = 3 THEN NULL ELSE {now} - ({taskCount} - i) * {minute} + 60 * {minute} END,
                CASE WHEN i % {openEvery} = 3 THEN NULL ELSE 'agent-' || (i % 200) END,
                CASE WHEN i % {openEvery} = 3 THEN NULL ELSE 'Done' END,
                '{EmptyJson}', 0, 0,
                CASE WHEN i % {openEvery} = 3 THEN NULL ELSE {now} - ({taskCount} - i) * {minute} + 60 * {minute} END,
                1
            FROM n
            """;
        await ExecuteAsync(db, tasksSql);
    }

    // Plain ADO.NET: EF's raw SQL would read the JSON's braces as format placeholders.
    private static async Task ExecuteAsync(Microsoft.EntityFrameworkCore.DbContext db, string sql)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.CommandTimeout = 600;
            await command.ExecuteNonQueryAsync();
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private sealed class PlanningFactory(string connectionString, PlanRecorder recorder) : IDbContextFactory<CaseFlowDbContext>
    {
        public CaseFlowDbContext CreateDbContext() =>
            new(new DbContextOptionsBuilder<CaseFlowDbContext>().UseSqlite(connectionString).AddInterceptors(recorder).Options);
    }

    /// <summary>Before each query runs, asks SQLite how it will run it (EXPLAIN QUERY PLAN, same parameters).</summary>
    private sealed class PlanRecorder : DbCommandInterceptor
    {
        public List<string> Plans { get; } = [];

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            await using var explain = command.Connection!.CreateCommand();
            explain.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
            foreach (DbParameter parameter in command.Parameters)
            {
                var copy = explain.CreateParameter();
                copy.ParameterName = parameter.ParameterName;
                copy.Value = parameter.Value;
                explain.Parameters.Add(copy);
            }

            var lines = new List<string> { "  " + command.CommandText.Replace("\n", "\n  ", StringComparison.Ordinal) };
            await using (var reader = await explain.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                    lines.Add("    -> " + reader.GetString(3));
            }

            Plans.Add(string.Join(Environment.NewLine, lines));
            return result;
        }
    }
}
