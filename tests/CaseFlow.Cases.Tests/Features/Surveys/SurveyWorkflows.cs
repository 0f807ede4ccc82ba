using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Serialization;

namespace CaseFlow.Cases.Tests.Features.Surveys;

/// <summary>Case workflows that end with a satisfaction survey.</summary>
internal static class SurveyWorkflows
{
    /// <summary>
    /// Start → SendSurvey (defaults: auto channel, reminder after 2 days, expiry after 7, positive from 4) →
    /// Positive: SetCase(Closed); Negative: SetCase(FollowUp); NoResponse: SetCase(Closed, with a note).
    /// </summary>
    public static WorkflowDefinition AfterHandling(string definitionId = "complaint-handling") => WorkflowDefinitionReader.Read($$$"""
        {
          "id": "{{{definitionId}}}-v1", "definitionId": "{{{definitionId}}}", "name": "Complaint with survey", "version": 1,
          "root": {
            "id": "flow", "type": "Elsa.Flowchart",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "survey", "type": "CaseFlow.SendSurvey" },
              { "id": "closed", "type": "CaseFlow.SetCase", "status": { "typeName": "String", "expression": { "type": "Literal", "value": "Closed" } } },
              { "id": "followUp", "type": "CaseFlow.SetCase", "status": { "typeName": "String", "expression": { "type": "Literal", "value": "FollowUp" } } },
              { "id": "noResponse", "type": "CaseFlow.SetCase",
                "status": { "typeName": "String", "expression": { "type": "Literal", "value": "Closed" } },
                "note": { "typeName": "String", "expression": { "type": "Liquid", "value": "Closed without a survey answer from {{ Input.caseNumber }}" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "survey", "port": "In" } },
              { "source": { "activity": "survey", "port": "Positive" }, "target": { "activity": "closed", "port": "In" } },
              { "source": { "activity": "survey", "port": "Negative" }, "target": { "activity": "followUp", "port": "In" } },
              { "source": { "activity": "survey", "port": "NoResponse" }, "target": { "activity": "noResponse", "port": "In" } }
            ]
          }
        }
        """);
}
