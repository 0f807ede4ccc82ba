using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseFlow.Cases.Jobs;
using CaseFlow.Workflows.Durability;
using CaseFlow.Workflows.Expressions;

namespace CaseFlow.Server.Cli;

/// <summary><c>caseflow events publish NAME</c> and <c>caseflow timers fire-due</c>: stimuli from the command line.</summary>
internal static class EventCommands
{
    public static Command CreateEvents()
    {
        var name = new Argument<string>("name") { Description = "The event name (what Elsa.Event activities wait for)." };
        var correlation = new Option<string?>("--correlation") { Description = "Only instances with this correlation id receive it; started instances get it." };
        var payload = new Option<string?>("--payload") { Description = "The event's payload as JSON." };
        var data = CliHost.DataOption();
        var publish = new Command("publish", "Publish an event: resumes the instances waiting for it and starts definitions it triggers; prints what it did.") { name, correlation, payload, data };
        publish.SetAction((result, cancellationToken) => PublishAsync(result.GetValue(name)!, result.GetValue(correlation), result.GetValue(payload), result.GetValue(data), cancellationToken));
        return new Command("events", "Publish events to waiting and triggered workflows.") { publish };
    }

    public static Command CreateTimers()
    {
        var data = CliHost.DataOption();
        var fireDue = new Command("fire-due", "Fire every timer that is due now (what the server's sweep does); prints how many fired.") { data };
        fireDue.SetAction((result, cancellationToken) => FireDueAsync(result.GetValue(data), cancellationToken));
        return new Command("timers", "Fire timers kept in the database.") { fireDue };
    }

    private static async Task<int> PublishAsync(string name, string? correlation, string? payloadJson, string? data, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name))
            return CliHost.Fail("events publish", "the event name is empty");
        object? payload = null;
        if (payloadJson is not null)
        {
            try
            {
                payload = JsonNode.Parse(payloadJson) is { } node ? ValueConverter.FromNode(node) : null;
            }
            catch (JsonException ex)
            {
                return CliHost.Fail("events publish", $"--payload is not valid JSON: {ex.Message}");
            }
        }

        await using var host = await CliHost.OpenAsync(data, cancellationToken);
        var delivery = await host.Get<WorkflowEventDispatcher>().PublishAsync(name, correlation, payload, cancellationToken: cancellationToken);
        await host.DeliverOutboxAsync(cancellationToken);
        Console.Out.WriteLine($"{name}: resumed {delivery.Resumed} instance(s), started {delivery.Started.Count}");
        foreach (var id in delivery.Started)
            Console.Out.WriteLine($"started {id}");
        return 0;
    }

    private static async Task<int> FireDueAsync(string? data, CancellationToken cancellationToken)
    {
        await using var host = await CliHost.OpenAsync(data, cancellationToken);
        var runtime = host.Get<DurableWorkflowRuntime>();
        var total = 0;

        // Firing can make new timers due at once (a loop around a short Delay); a bounded number of rounds.
        for (var round = 0; round < 100; round++)
        {
            var fired = await runtime.FireDueTimersAsync(cancellationToken);
            await host.DeliverOutboxAsync(cancellationToken);
            total += fired;
            if (fired == 0)
                break;
        }

        Console.Out.WriteLine($"fired {total} timer(s)");
        return 0;
    }
}
