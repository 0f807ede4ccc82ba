using System.Text.Json.Nodes;
using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Serialization;

namespace CaseFlow.Cases.Tests.Features.Notifications;

/// <summary>Complaint workflows that notify: Notify nodes in a row after the start, then a classify task (so the workflow waits there).</summary>
internal static class NotifyWorkflows
{
    public const string Subject = "Your complaint {{ Input.caseNumber }}";
    public const string Body = "Dear {{ Input.customerName }}, we have received your complaint {{ Input.caseNumber }} and will call you back.";

    /// <summary>One Notify to the customer (channel auto) with <see cref="Subject"/> and <see cref="Body"/>.</summary>
    public static WorkflowDefinition AcknowledgeCustomer() => Chain(Notify("acknowledge", Body, Subject));

    /// <summary>A Notify node; inputs left null are not set (their defaults apply). Subject and body are Liquid.</summary>
    public static JsonObject Notify(string id, string body, string? subject = null, string? recipientKind = null, string? recipient = null, string? channel = null, string? idempotencyKey = null)
    {
        var node = new JsonObject { ["id"] = id, ["type"] = "CaseFlow.Notify", ["body"] = Input("Liquid", body) };
        if (subject is not null)
            node["subject"] = Input("Liquid", subject);
        if (recipientKind is not null)
            node["recipientKind"] = Input("Literal", recipientKind);
        if (recipient is not null)
            node["recipient"] = Input("Literal", recipient);
        if (channel is not null)
            node["channel"] = Input("Literal", channel);
        if (idempotencyKey is not null)
            node["idempotencyKey"] = Input("Liquid", idempotencyKey);
        return node;
    }

    /// <summary>Start → each node in turn → classify (a task for the Agent role).</summary>
    public static WorkflowDefinition Chain(params JsonObject[] nodes)
    {
        var activities = new JsonArray { new JsonObject { ["id"] = "start", ["type"] = "Elsa.Start" } };
        foreach (var node in nodes)
            activities.Add(node);
        activities.Add(new JsonObject
        {
            ["id"] = "classify",
            ["type"] = "CaseFlow.HumanTask",
            ["title"] = Input("Liquid", "Classify {{ Input.caseNumber }}"),
            ["candidateRole"] = Input("Literal", "Agent"),
        });
        var ids = activities.Select(a => (string)a!["id"]!).ToList();
        var connections = new JsonArray();
        for (var i = 1; i < ids.Count; i++)
        {
            connections.Add(new JsonObject
            {
                ["source"] = new JsonObject { ["activity"] = ids[i - 1], ["port"] = "Done" },
                ["target"] = new JsonObject { ["activity"] = ids[i], ["port"] = "In" },
            });
        }

        return WorkflowDefinitionReader.Read(new JsonObject
        {
            ["id"] = "complaint-handling-v1",
            ["definitionId"] = "complaint-handling",
            ["name"] = "Complaint with notifications",
            ["version"] = 1,
            ["root"] = new JsonObject { ["id"] = "flow", ["type"] = "Elsa.Flowchart", ["activities"] = activities, ["connections"] = connections },
        });
    }

    private static JsonObject Input(string syntax, string value) => new()
    {
        ["typeName"] = "String",
        ["expression"] = new JsonObject { ["type"] = syntax, ["value"] = value },
    };
}
