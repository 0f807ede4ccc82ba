using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseFlow.Workflows;
using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Runtime;
using CaseFlow.Workflows.Serialization;

namespace CaseFlow.Server.Cli;

/// <summary><c>caseflow run FILE [--workflows DIR] [--input NAME=VALUE]... [--resume-timers] [--json]</c>: runs a definition in process.</summary>
internal static class RunCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The workflow definition (Elsa 3 JSON) to run." };
        var workflows = new Option<string?>("--workflows") { Description = "A folder of other definitions, available as child workflows and workflow-as-activity." };
        var inputs = new Option<string[]>("--input") { Description = "A workflow input as NAME=VALUE (VALUE is parsed as JSON when it is valid JSON). Repeatable.", Arity = ArgumentArity.ZeroOrMore };
        var resumeTimers = new Option<bool>("--resume-timers") { Description = "Fire Delay/Timer/StartAt bookmarks at once, earliest first, as if their time had passed." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: status, subStatus, lines, output, variables, bookmarks, incidents." };
        var command = new Command("run", "Run a workflow definition until it finishes or suspends.") { file, workflows, inputs, resumeTimers, json };
        command.SetAction((result, cancellationToken) => RunAsync(
            result.GetValue(file)!,
            result.GetValue(workflows),
            result.GetValue(inputs) ?? [],
            result.GetValue(resumeTimers),
            result.GetValue(json),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string file, string? workflowsFolder, string[] inputArgs, bool resumeTimers, bool asJson, CancellationToken cancellationToken)
    {
        if (!File.Exists(file))
            return Fail($"no such file: {file}");
        if (workflowsFolder is not null && !Directory.Exists(workflowsFolder))
            return Fail($"no such folder: {workflowsFolder}");

        WorkflowDefinition entry;
        try
        {
            entry = WorkflowDefinitionReader.Read(await File.ReadAllTextAsync(file, cancellationToken));
        }
        catch (WorkflowFormatException ex)
        {
            return Fail($"{file}: {ex.Message}");
        }

        var input = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in inputArgs)
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
                return Fail($"--input must be NAME=VALUE, got '{pair}'");
            input[pair[..eq]] = ParseValue(pair[(eq + 1)..]);
        }

        var definitions = new InMemoryWorkflowDefinitionProvider();
        if (workflowsFolder is not null)
        {
            foreach (var (_, definition) in DefinitionFiles.ReadFolder(workflowsFolder, file, Console.Error))
                definitions.Add(definition);
        }

        definitions.Add(entry);
        var console = new CollectingWorkflowConsole();
        var streaming = asJson ? (IWorkflowConsole)console : new TeeConsole(console);
        var runtime = WorkflowEngine.CreateRuntime(definitions, registry: Cases.DependencyInjection.CreateActivityRegistry());
        var workflow = await runtime.StartAsync(entry, new StartWorkflowOptions { Input = input, Console = streaming }, cancellationToken);
        if (resumeTimers)
            await runtime.FireAllTimersAsync(cancellationToken: cancellationToken);

        var state = workflow.State;
        if (asJson)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(Report(workflow, console.Lines), Json));
        }
        else
        {
            Console.Out.WriteLine($"{entry.Name ?? entry.DefinitionId}: {state.Status} ({state.SubStatus}), instance {state.Id}");
            foreach (var bookmark in state.Bookmarks)
                Console.Out.WriteLine($"  waiting: {bookmark.Name} {JsonSerializer.Serialize(bookmark.Payload)} at {bookmark.ActivityId}");
            foreach (var incident in state.Incidents)
                Console.Out.WriteLine($"  incident: {incident.ActivityId} ({incident.ActivityType}): {incident.Message}");
            if (state.Output.Count > 0)
                Console.Out.WriteLine($"  output: {JsonSerializer.Serialize(state.Output, Json)}");
        }

        return state.SubStatus is WorkflowSubStatus.Faulted or WorkflowSubStatus.Cancelled ? 1 : 0;
    }

    private static Dictionary<string, object?> Report(WorkflowExecutionContext workflow, IReadOnlyList<string> lines)
    {
        var state = workflow.State;
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (workflow.Root is { } root)
        {
            foreach (var name in root.VisibleVariableNames())
            {
                root.TryGetVariable(name, out var value);
                variables[name] = value;
            }
        }

        return new Dictionary<string, object?>
        {
            ["instanceId"] = state.Id,
            ["status"] = state.Status.ToString(),
            ["subStatus"] = state.SubStatus.ToString(),
            ["lines"] = lines,
            ["output"] = state.Output,
            ["variables"] = variables,
            ["bookmarks"] = state.Bookmarks.Select(b => new Dictionary<string, object?>
            {
                ["id"] = b.Id,
                ["name"] = b.Name,
                ["payload"] = b.Payload,
                ["activityId"] = b.ActivityId,
                ["dueAt"] = b.DueAt,
            }).ToList(),
            ["incidents"] = state.Incidents.Select(i => new Dictionary<string, object?>
            {
                ["activityId"] = i.ActivityId,
                ["activityType"] = i.ActivityType,
                ["message"] = i.Message,
            }).ToList(),
        };
    }

    private static object? ParseValue(string text)
    {
        try
        {
            return JsonNode.Parse(text) is { } node ? Workflows.Expressions.ValueConverter.FromNode(node) : null;
        }
        catch (JsonException)
        {
            return text;
        }
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"caseflow run: {message}");
        return 2;
    }

    /// <summary>Prints lines as they are written and keeps them.</summary>
    private sealed class TeeConsole(CollectingWorkflowConsole inner) : IWorkflowConsole
    {
        public void WriteLine(string instanceId, string text)
        {
            inner.WriteLine(instanceId, text);
            Console.Out.WriteLine(text);
        }
    }
}
