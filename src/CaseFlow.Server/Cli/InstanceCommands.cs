using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using CaseFlow.Cases.Persistence;
using CaseFlow.Workflows.Durability;
using CaseFlow.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Server.Cli;

/// <summary><c>caseflow instances start|list|show</c>: durable instances in the database.</summary>
internal static class InstanceCommands
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create() => new("instances", "Durable workflow instances.") { CreateStart(), CreateList(), CreateShow() };

    private static Command CreateStart()
    {
        var definition = new Argument<string>("definition-id") { Description = "The definition to start (its published version)." };
        var count = new Option<int>("--count") { Description = "How many instances to start.", DefaultValueFactory = _ => 1 };
        var inputs = new Option<string[]>("--input") { Description = "A workflow input as NAME=VALUE (VALUE is parsed as JSON when it is valid JSON). Repeatable.", Arity = ArgumentArity.ZeroOrMore };
        var correlation = new Option<string?>("--correlation") { Description = "The instances' correlation id." };
        var data = CliHost.DataOption();
        var command = new Command("start", "Start instances of a published definition; prints one instance id per line.") { definition, count, inputs, correlation, data };
        command.SetAction((result, cancellationToken) => StartAsync(
            result.GetValue(definition)!, result.GetValue(count), result.GetValue(inputs) ?? [], result.GetValue(correlation), result.GetValue(data), cancellationToken));
        return command;
    }

    private static Command CreateList()
    {
        var status = new Option<string?>("--status") { Description = "Only instances with this status or sub-status: Running, Finished, Pending, Executing, Suspended, Cancelled, Faulted." };
        var definition = new Option<string?>("--definition") { Description = "Only instances of this definition id." };
        var json = new Option<bool>("--json") { Description = "Print a JSON array." };
        var data = CliHost.DataOption();
        var command = new Command("list", "List instances, oldest first: id, definition and version, status, sub-status, correlation id.") { status, definition, json, data };
        command.SetAction((result, cancellationToken) => ListAsync(result.GetValue(status), result.GetValue(definition), result.GetValue(json), result.GetValue(data), cancellationToken));
        return command;
    }

    private static Command CreateShow()
    {
        var id = new Argument<string>("id") { Description = "The instance id." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var data = CliHost.DataOption();
        var command = new Command("show", "Show an instance: status, bookmarks, incidents, written lines and journal.") { id, json, data };
        command.SetAction((result, cancellationToken) => ShowAsync(result.GetValue(id)!, result.GetValue(json), result.GetValue(data), cancellationToken));
        return command;
    }

    private static async Task<int> StartAsync(string definitionId, int count, string[] inputArgs, string? correlation, string? data, CancellationToken cancellationToken)
    {
        if (count < 1)
            return CliHost.Fail("instances start", $"--count must be at least 1, got {count}");
        var input = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in inputArgs)
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
                return CliHost.Fail("instances start", $"--input must be NAME=VALUE, got '{pair}'");
            input[pair[..eq]] = CliHost.ParseValue(pair[(eq + 1)..]);
        }

        await using var host = await CliHost.OpenAsync(data, cancellationToken);
        var definition = await host.Get<EfWorkflowDefinitionStore>().FindAsync(definitionId, VersionSelector.PublishedVersion, cancellationToken);
        if (definition is null)
        {
            Console.Error.WriteLine($"caseflow instances start: no published definition '{definitionId}'");
            return 1;
        }

        var runtime = host.Get<DurableWorkflowRuntime>();
        for (var i = 0; i < count; i++)
        {
            var state = await runtime.StartAsync(definition, new StartWorkflowOptions
            {
                Input = new Dictionary<string, object?>(input, StringComparer.OrdinalIgnoreCase),
                CorrelationId = correlation,
            }, cancellationToken);
            Console.Out.WriteLine(state.Id);
        }

        await host.DeliverOutboxAsync(cancellationToken);
        return 0;
    }

    private static async Task<int> ListAsync(string? status, string? definitionId, bool asJson, string? data, CancellationToken cancellationToken)
    {
        WorkflowStatus? coarse = null;
        WorkflowSubStatus? fine = null;
        if (status is not null)
        {
            if (Enum.TryParse<WorkflowStatus>(status, ignoreCase: true, out var s) && !int.TryParse(status, out _))
                coarse = s;
            else if (Enum.TryParse<WorkflowSubStatus>(status, ignoreCase: true, out var sub) && !int.TryParse(status, out _))
                fine = sub;
            else
                return CliHost.Fail("instances list", $"unknown status '{status}' (Running, Finished, Pending, Executing, Suspended, Cancelled, Faulted)");
        }

        await using var host = await CliHost.OpenAsync(data, cancellationToken);
        var factory = host.Get<IDbContextFactory<CaseFlowDbContext>>();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var query = db.WorkflowInstances.AsNoTracking();
        if (coarse is { } c)
            query = query.Where(i => i.Status == c);
        if (fine is { } f)
            query = query.Where(i => i.SubStatus == f);
        if (definitionId is not null)
            query = query.Where(i => i.DefinitionId == definitionId);
        var rows = await query
            .OrderBy(i => i.CreatedAt).ThenBy(i => i.Id)
            .Select(i => new { i.Id, i.DefinitionId, i.Version, i.Status, i.SubStatus, i.CorrelationId, i.IncidentCount, i.CreatedAt, i.UpdatedAt })
            .ToListAsync(cancellationToken);

        if (asJson)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(rows.Select(r => new Dictionary<string, object?>
            {
                ["id"] = r.Id,
                ["definitionId"] = r.DefinitionId,
                ["version"] = r.Version,
                ["status"] = r.Status.ToString(),
                ["subStatus"] = r.SubStatus.ToString(),
                ["correlationId"] = r.CorrelationId,
                ["incidentCount"] = r.IncidentCount,
                ["createdAt"] = r.CreatedAt,
                ["updatedAt"] = r.UpdatedAt,
            }), Json));
            return 0;
        }

        foreach (var r in rows)
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Id}  {r.DefinitionId} v{r.Version}  {r.Status}/{r.SubStatus}  {r.CorrelationId ?? "-"}"));
        Console.Out.WriteLine($"{rows.Count} instance(s)");
        return 0;
    }

    private static async Task<int> ShowAsync(string id, bool asJson, string? data, CancellationToken cancellationToken)
    {
        await using var host = await CliHost.OpenAsync(data, cancellationToken);
        var stored = await host.Get<IWorkflowInstanceStore>().FindAsync(id, cancellationToken);
        if (stored is null)
        {
            Console.Error.WriteLine($"caseflow instances show: no instance '{id}'");
            return 1;
        }

        var state = stored.Snapshot.State;
        var runtime = host.Get<DurableWorkflowRuntime>();
        var journal = new List<JournalRecord>();
        for (IReadOnlyList<JournalRecord> page; (page = await runtime.GetJournalAsync(id, journal.Count, 500, cancellationToken)).Count > 0;)
            journal.AddRange(page);
        List<string> lines;
        await using (var db = await host.Get<IDbContextFactory<CaseFlowDbContext>>().CreateDbContextAsync(cancellationToken))
        {
            lines = await EfWorkflowInstanceStore.GetLinesAsync(db, id, cancellationToken);
        }

        if (asJson)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["id"] = state.Id,
                ["definitionId"] = state.DefinitionId,
                ["definitionVersionId"] = state.DefinitionVersionId,
                ["version"] = state.DefinitionVersion,
                ["status"] = state.Status.ToString(),
                ["subStatus"] = state.SubStatus.ToString(),
                ["correlationId"] = state.CorrelationId,
                ["revision"] = stored.Revision,
                ["bookmarks"] = state.Bookmarks.Select(b => new Dictionary<string, object?> { ["id"] = b.Id, ["name"] = b.Name, ["payload"] = b.Payload, ["activityId"] = b.ActivityId, ["dueAt"] = b.DueAt }).ToList(),
                ["incidents"] = state.Incidents.Select(i => new Dictionary<string, object?> { ["id"] = i.Id, ["activityId"] = i.ActivityId, ["activityType"] = i.ActivityType, ["message"] = i.Message }).ToList(),
                ["lines"] = lines,
                ["journal"] = journal.Select(j => new Dictionary<string, object?> { ["sequence"] = j.Sequence, ["timestamp"] = j.Timestamp, ["activityId"] = j.ActivityId, ["activityType"] = j.ActivityType, ["eventName"] = j.EventName, ["message"] = j.Message }).ToList(),
            }, Json));
            return 0;
        }

        var culture = CultureInfo.InvariantCulture;
        Console.Out.WriteLine($"instance {state.Id}: {state.DefinitionId} v{state.DefinitionVersion.ToString(culture)} ({state.DefinitionVersionId}), {state.Status}/{state.SubStatus}, correlation {state.CorrelationId ?? "-"}, revision {stored.Revision.ToString(culture)}");
        Console.Out.WriteLine($"bookmarks ({state.Bookmarks.Count.ToString(culture)}):");
        foreach (var b in state.Bookmarks)
            Console.Out.WriteLine($"  {b.Id} {b.Name} {JsonSerializer.Serialize(b.Payload)} at {b.ActivityId}{(b.DueAt is { } due ? " due " + due.ToString("o", culture) : "")}");
        if (state.Incidents.Count > 0)
        {
            Console.Out.WriteLine($"incidents ({state.Incidents.Count.ToString(culture)}):");
            foreach (var i in state.Incidents)
                Console.Out.WriteLine($"  {i.Id} {i.ActivityId} ({i.ActivityType}): {i.Message}");
        }

        Console.Out.WriteLine($"lines ({lines.Count.ToString(culture)}):");
        foreach (var line in lines)
            Console.Out.WriteLine($"  {line}");
        Console.Out.WriteLine($"journal ({journal.Count.ToString(culture)}):");
        foreach (var j in journal)
            Console.Out.WriteLine($"  {j.Sequence.ToString(culture),4} {j.Timestamp.ToString("HH:mm:ss.fff", culture)} {j.EventName,-10} {j.ActivityType} {j.ActivityId}{(j.Message is null ? "" : ": " + j.Message)}");
        return 0;
    }
}
