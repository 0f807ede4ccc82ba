using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CaseFlow.Cases;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Kpis;
using CaseFlow.Cases.Persistence;
using CaseFlow.Cases.Persistence.Entities;
using CaseFlow.Workflows.Durability;
using CaseFlow.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CaseFlow.Benchmarks.Heatmap;

/// <summary>
/// The activity heatmap over many runs: a SQLite file with RUNS runs of one definition version, each with a journal
/// like a complaint's (40 activities, 12 of them waiting, 140 records in 7 bursts), an SLA breach on every tenth run
/// . The heatmap is asked for as the API does (the newest up to the configured
/// maximum, 5,000); the baseline of the same run is reading one run's journal through the store.
/// </summary>
public static class HeatmapBenchmark
{
    private const int Activities = 40;
    private const int Rounds = 5;

    // As the store writes journal records (camelCase; its entity leaves empty values out).
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<int> RunAsync(int runs, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var culture = CultureInfo.InvariantCulture;
        var folder = Directory.CreateTempSubdirectory("caseflow-heatmap-bench").FullName;
        try
        {
            var collection = new ServiceCollection().AddCaseFlowCases(o => o.DataDirectory = folder);
            await using var services = collection.BuildServiceProvider();
            await services.MigrateCaseFlowDatabaseAsync();
            var factory = services.GetRequiredService<IDbContextFactory<CaseFlowDbContext>>();
            var now = DateTimeOffset.UtcNow;
            var seeding = Stopwatch.StartNew();
            await SeedAsync(factory, runs, now);
            output.WriteLine(string.Create(culture, $"Heatmap benchmark: {runs:N0} runs of one version, {Activities} activities and 140 journal records each, seeded in {seeding.Elapsed.TotalSeconds:0.0} s; {Environment.ProcessorCount} logical CPUs, {Environment.Version}"));

            var store = services.GetRequiredService<IWorkflowInstanceStore>();
            var baseline = await TimeAsync(() => store.GetJournalAsync("run-0", 0, 1_000));
            var maxRuns = services.GetRequiredService<IOptions<HeatmapOptions>>().Value.MaxRuns;
            var query = services.GetRequiredService<ActivityHeatmapQuery>();
            ActivityHeatmap? last = null;
            var heatmap = await TimeAsync(async () => last = await query.RunAsync("bench", from: now.AddDays(-30), to: now.AddMinutes(1)));

            output.WriteLine();
            output.WriteLine("| Read | Runs read | p50 ms | max ms | per run read, µs | ratio to one journal |");
            output.WriteLine("|---|---|---|---|---|---|");
            output.WriteLine(string.Create(culture, $"| baseline: one run's journal | 1 | {baseline.P50:0.00} | {baseline.Max:0.00} | {baseline.P50 * 1000:0} | 1 |"));
            output.WriteLine(string.Create(culture, $"| heatmap (newest up to {maxRuns:N0}) | {last!.Analysed:N0} of {last.Runs:N0} | {heatmap.P50:0.0} | {heatmap.Max:0.0} | {heatmap.P50 * 1000 / last.Analysed:0} | {heatmap.P50 / baseline.P50:0} |"));
            output.WriteLine();
            output.WriteLine(string.Create(culture, $"Check: activity a1 executed {last.Activities.Single(a => a.ActivityId == "a1").Executions:N0} times, {last.SlaBreaches:N0} SLA breaches."));
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<(double P50, double Max)> TimeAsync(Func<Task> run)
    {
        await run(); // warm-up
        var times = new List<double>();
        for (var i = 0; i < Rounds; i++)
        {
            var watch = Stopwatch.StartNew();
            await run();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return (times[times.Count / 2], times[^1]);
    }

    private static async Task SeedAsync(IDbContextFactory<CaseFlowDbContext> factory, int runs, DateTimeOffset now)
    {
        await using (var db = await factory.CreateDbContextAsync())
        {
            db.WorkflowDefinitions.Add(new WorkflowDefinitionRow { VersionId = "bench-v1", DefinitionId = "bench", Version = 1, IsLatest = true, IsPublished = true, Status = DefinitionStatus.Published, Json = "{}", ContentHash = "bench", CreatedAt = now, UpdatedAt = now });
            await db.SaveChangesAsync();
        }

        const int batch = 500;
        for (var start = 0; start < runs; start += batch)
        {
            await using var db = await factory.CreateDbContextAsync();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var r = start; r < Math.Min(runs, start + batch); r++)
            {
                var id = "run-" + r.ToString(CultureInfo.InvariantCulture);
                var created = now.AddMinutes(-r * 5.0 % (60 * 24 * 29));
                db.WorkflowInstances.Add(new WorkflowInstanceRow { Id = id, DefinitionId = "bench", DefinitionVersionId = "bench-v1", Version = 1, Status = WorkflowStatus.Finished, SubStatus = WorkflowSubStatus.Finished, CreatedAt = created, UpdatedAt = created.AddHours(30), FinishedAt = created.AddHours(30), Snapshot = "{}" });
                var at = created;
                var records = new List<JournalEntry>();
                long sequence = 0;
                for (var a = 0; a < Activities; a++)
                {
                    var activity = "a" + a.ToString(CultureInfo.InvariantCulture);
                    var instance = $"{id}:{activity}";
                    records.Add(Entry(++sequence, at, JournalEvents.Started, activity, instance));
                    if (a % 3 == 1 && a < 36)
                    {
                        // A human task: it waits, then is completed an hour or so later.
                        records.Add(Entry(++sequence, at, JournalEvents.Suspended, activity, instance));
                        at = at.AddMinutes(30 + (r % 90));
                        records.Add(Entry(++sequence, at, JournalEvents.Resumed, activity, instance));
                    }

                    records.Add(Entry(++sequence, at, JournalEvents.Completed, activity, instance));
                    at = at.AddSeconds(1);
                }

                foreach (var chunk in records.Chunk(20))
                    db.JournalBursts.Add(new JournalBurstRow { InstanceId = id, FirstSequence = chunk[0].Sequence, LastSequence = chunk[^1].Sequence, RecordCount = chunk.Length, Records = JsonSerializer.Serialize(chunk, Json), Revision = chunk[0].Sequence });
                if (r % 10 == 0)
                    db.SlaClocks.Add(new SlaClock { Id = "sla-" + id, WorkflowInstanceId = id, Name = "complaint.firstResponse", StartedAt = created, DueAt = created.AddMinutes(20), BreachedAt = created.AddMinutes(20), Status = SlaClockStatus.Breached });
            }

            await db.SaveChangesAsync();
        }
    }

    private static JournalEntry Entry(long sequence, DateTimeOffset at, string eventName, string activity, string instance) =>
        new() { Sequence = sequence, Timestamp = at, EventName = eventName, ActivityId = activity, ActivityType = "CaseFlow.HumanTask", ActivityNodeId = "flow:" + activity, ActivityInstanceId = instance };
}
