using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Serialization;

namespace CaseFlow.Cases.Tests.Support;

/// <summary>Small Elsa definitions used across the tests.</summary>
internal static class TestDefinitions
{
    /// <summary>Start → WriteLine "before" → Event(eventName) → WriteLine "after".</summary>
    public static string WaitForEventJson(string definitionId = "approval", string eventName = "Approved", string before = "before", string after = "after", string versionId = "approval-v1") => $$"""
        {
          "id": "{{versionId}}", "definitionId": "{{definitionId}}", "name": "Approval", "version": 1,
          "root": {
            "id": "flow", "type": "Elsa.Flowchart",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "before", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "{{before}}" } } },
              { "id": "wait", "type": "Elsa.Event", "eventName": { "typeName": "String", "expression": { "type": "Literal", "value": "{{eventName}}" } } },
              { "id": "after", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "{{after}}" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "before", "port": "In" } },
              { "source": { "activity": "before", "port": "Done" }, "target": { "activity": "wait", "port": "In" } },
              { "source": { "activity": "wait", "port": "Done" }, "target": { "activity": "after", "port": "In" } }
            ]
          }
        }
        """;

    public static WorkflowDefinition WaitForEvent(string definitionId = "approval", string eventName = "Approved", string before = "before", string after = "after", string versionId = "approval-v1") =>
        WorkflowDefinitionReader.Read(WaitForEventJson(definitionId, eventName, before, after, versionId));

    /// <summary>Start → Delay(delay) → WriteLine "fired".</summary>
    public static WorkflowDefinition WaitForDelay(string delay = "00:10:00") => WorkflowDefinitionReader.Read($$"""
        {
          "id": "reminder-v1", "definitionId": "reminder", "name": "Reminder",
          "root": {
            "id": "flow", "type": "Elsa.Flowchart",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "wait", "type": "Elsa.Delay", "timeSpan": { "typeName": "TimeSpan", "expression": { "type": "Literal", "value": "{{delay}}" } } },
              { "id": "after", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "fired" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "wait", "port": "In" } },
              { "source": { "activity": "wait", "port": "Done" }, "target": { "activity": "after", "port": "In" } }
            ]
          }
        }
        """);

    /// <summary>Triggers: an Event "CaseOpened" and a Cron trigger, both canStartWorkflow.</summary>
    public static WorkflowDefinition Triggered(string definitionId = "triggered", string eventName = "CaseOpened") => WorkflowDefinitionReader.Read($$"""
        {
          "id": "{{definitionId}}-v1", "definitionId": "{{definitionId}}", "name": "Triggered",
          "root": {
            "id": "flow", "type": "Elsa.Flowchart",
            "activities": [
              { "id": "opened", "type": "Elsa.Event", "customProperties": { "canStartWorkflow": true },
                "eventName": { "typeName": "String", "expression": { "type": "Literal", "value": "{{eventName}}" } } },
              { "id": "nightly", "type": "Elsa.Cron", "customProperties": { "canStartWorkflow": true },
                "cronExpression": { "typeName": "String", "expression": { "type": "Literal", "value": "0 0 2 * * ?" } } },
              { "id": "waiting", "type": "Elsa.Event",
                "eventName": { "typeName": "String", "expression": { "type": "Literal", "value": "NotATrigger" } } },
              { "id": "log", "type": "Elsa.WriteLine", "text": "started" }
            ],
            "connections": [
              { "source": { "activity": "opened", "port": "Done" }, "target": { "activity": "log", "port": "In" } },
              { "source": { "activity": "nightly", "port": "Done" }, "target": { "activity": "log", "port": "In" } }
            ]
          }
        }
        """);
}
