using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Common;
using CaseFlow.Cases.Features.Emergencies;
using CaseFlow.Cases.Features.Organisation;
using CaseFlow.Cases.Tests.Support;
using CaseFlow.Workflows.Definitions;
using CaseFlow.Workflows.Serialization;

namespace CaseFlow.Cases.Tests.Features.Emergencies;

/// <summary>A database with the demo organisation, its users, and a stand-in emergency workflow (one review task).</summary>
internal sealed class EmergencyTestKit : IAsyncDisposable
{
    public static readonly Actor Agent = Actor.Of("agent", CaseRoles.Agent);

    private EmergencyTestKit(TestDatabase db) => Db = db;

    public TestDatabase Db { get; }
    public RaiseEmergencyHandler Raise => Db.Get<RaiseEmergencyHandler>();
    public SubmitInformationReportHandler Reports => Db.Get<SubmitInformationReportHandler>();

    public static async Task<EmergencyTestKit> CreateAsync(bool publishWorkflow = true, WorkflowDefinition? workflow = null)
    {
        var db = await TestDatabase.CreateAsync();
        await using (var context = db.CreateDbContext())
        {
            foreach (var name in new[] { "agent", "agent2", "supervisor", "manager", "head", "gm" })
                context.Users.Add(new CaseFlowUser { UserName = name, NormalizedUserName = name.ToUpperInvariant() });
            await context.SaveChangesAsync();
        }

        await db.Get<OrganisationSeeder>().EnsureDemoPeopleAsync();
        if (publishWorkflow)
            await db.PublishAsync(workflow ?? StandIn());
        return new EmergencyTestKit(db);
    }

    public static RaiseEmergency SystemFailure(string eventType = "system-failure", DateTimeOffset? occurredAt = null) =>
        new(eventType, "The telephony platform rejects every incoming call.", occurredAt, "All inbound calls", ["customer-service", "tech-support"], Agent);

    public static SubmitInformationReport Report(string caseId, DateTimeOffset occurredAt, string cause = "A failed update of the call router.") =>
        new(caseId, "system-failure", occurredAt, ["tech-support", "customer-service"], "All inbound calls since 09:00", cause,
            "Calls diverted to the backup line; router rolled back.", "Next update at 10:30.", null, "written",
            [new RecipientInput("leadership", "General manager"), new RecipientInput("internalDepartment", "Technical support")], Agent);

    public async ValueTask DisposeAsync() => await Db.DisposeAsync();

    /// <summary>The first E8 deadline alone: response started within 15 min of the occurrence, else a line on the case.</summary>
    public static WorkflowDefinition ResponseDeadline() => WorkflowDefinitionReader.Read("""
        {
          "id": "emergency-response-v1", "definitionId": "emergency-response", "name": "Response deadline", "version": 1,
          "root": {
            "id": "flow", "type": "Elsa.Flowchart",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "deadline", "type": "CaseFlow.SlaTimer",
                "clock": { "typeName": "String", "expression": { "type": "Literal", "value": "emergency.response" } },
                "from": { "typeName": "DateTimeOffset", "expression": { "type": "JavaScript", "value": "getInput('occurredAt')" } } },
              { "id": "late", "type": "CaseFlow.SetCase", "note": { "typeName": "String", "expression": { "type": "Literal", "value": "Response deadline missed" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "deadline", "port": "In" } },
              { "source": { "activity": "deadline", "port": "Breached" }, "target": { "activity": "late", "port": "In" } }
            ]
          }
        }
        """);

    private static WorkflowDefinition StandIn() => WorkflowDefinitionReader.Read("""
        {
          "id": "emergency-response-v1", "definitionId": "emergency-response", "name": "Stand-in emergency response", "version": 1,
          "root": {
            "id": "flow", "type": "Elsa.Flowchart",
            "activities": [
              { "id": "start", "type": "Elsa.Start" },
              { "id": "review", "type": "CaseFlow.HumanTask",
                "title": { "typeName": "String", "expression": { "type": "Liquid", "value": "Review the {{ Input.eventType }} report" } },
                "candidateRole": { "typeName": "String", "expression": { "type": "Literal", "value": "Supervisor" } },
                "outcomes": { "typeName": "String[]", "expression": { "type": "Object", "value": "[\"Reviewed\"]" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "review", "port": "In" } }
            ]
          }
        }
        """);
}
