namespace CaseFlow.Server.Api;

/// <summary>Maps every API group (one file per resource under Api/).</summary>
internal static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapApiEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        Cases.CaseEndpoints.MapCaseEndpoints(app);
        Tasks.TaskEndpoints.MapTaskEndpoints(app);
        Live.LiveEndpoints.MapLiveEndpoints(app);
        Kpis.KpiEndpoints.MapKpiEndpoints(app);
        Organisation.OrganisationEndpoints.MapOrganisationEndpoints(app);
        Emergencies.EmergencyEndpoints.MapEmergencyEndpoints(app);
        Risks.RiskEndpoints.MapRiskEndpoints(app);
        Drills.DrillEndpoints.MapDrillEndpoints(app);
        Schedules.ScheduleEndpoints.MapScheduleEndpoints(app);
        Audit.AuditEndpoints.MapAuditEndpoints(app);
        Definitions.DefinitionEndpoints.MapDefinitionEndpoints(app);
        Instances.InstanceEndpoints.MapInstanceEndpoints(app);
        Events.EventEndpoints.MapEventEndpoints(app);
        TestRuns.TestRunEndpoints.MapTestRunEndpoints(app);
        return app;
    }
}
