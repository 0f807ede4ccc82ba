using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Serialization;

namespace CaseFlow.Cases.Tests.Support;

/// <summary>Small case workflows for the use-case tests (the shipped ones in workflows/ have their own scenario tests).</summary>
internal static class CaseWorkflows
{
    /// <summary>
    /// Start → classify (HumanTask, Agent, form: category select required, note optional; outcome Classified) →
    /// SetCase(category = variables.category, InProgress) → handle (HumanTask for the case owner, outcomes
    /// Resolved / Unresolved, due in 4 h) → Resolved: SetCase(Resolved); Unresolved: SetCase(Escalated).
    /// </summary>
    public static WorkflowDefinition Simple(string definitionId = "complaint-handling") => WorkflowDefinitionReader.Read($$$"""
        {
          "id": "{{{definitionId}}}-v1", "definitionId": "{{{definitionId}}}", "name": "Simple complaint", "version": 1,
          "root": {
            "id": "flow", "type": "Elsa.Flowchart",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "classify", "type": "CaseFlow.HumanTask",
                "title": { "typeName": "String", "expression": { "type": "Liquid", "value": "Classify {{ Input.caseNumber }}" } },
                "candidateRole": { "typeName": "String", "expression": { "type": "Literal", "value": "Agent" } },
                "outcomes": { "typeName": "String[]", "expression": { "type": "Object", "value": "[\"Classified\"]" } },
                "form": { "typeName": "Object", "expression": { "type": "Object", "value": "[{\"name\":\"category\",\"label\":\"Category\",\"type\":\"select\",\"required\":true,\"options\":[\"product-quality\",\"service-attitude\",\"service-process\",\"price\",\"other\"]},{\"name\":\"note\",\"type\":\"textarea\"}]" } } },
              { "id": "setCategory", "type": "CaseFlow.SetCase",
                "category": { "typeName": "String", "expression": { "type": "JavaScript", "value": "variables.category" } },
                "status": { "typeName": "String", "expression": { "type": "Literal", "value": "InProgress" } } },
              { "id": "handle", "type": "CaseFlow.HumanTask",
                "title": { "typeName": "String", "expression": { "type": "Literal", "value": "Handle the complaint" } },
                "assignToCaseOwner": { "typeName": "Boolean", "expression": { "type": "Literal", "value": "true" } },
                "outcomes": { "typeName": "String[]", "expression": { "type": "Object", "value": "[\"Resolved\",\"Unresolved\"]" } },
                "dueIn": { "typeName": "TimeSpan", "expression": { "type": "Literal", "value": "04:00:00" } } },
              { "id": "resolved", "type": "CaseFlow.SetCase", "status": { "typeName": "String", "expression": { "type": "Literal", "value": "Resolved" } } },
              { "id": "escalated", "type": "CaseFlow.SetCase", "status": { "typeName": "String", "expression": { "type": "Literal", "value": "Escalated" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "classify", "port": "In" } },
              { "source": { "activity": "classify", "port": "Classified" }, "target": { "activity": "setCategory", "port": "In" } },
              { "source": { "activity": "setCategory", "port": "Done" }, "target": { "activity": "handle", "port": "In" } },
              { "source": { "activity": "handle", "port": "Resolved" }, "target": { "activity": "resolved", "port": "In" } },
              { "source": { "activity": "handle", "port": "Unresolved" }, "target": { "activity": "escalated", "port": "In" } }
            ]
          }
        }
        """);
}
