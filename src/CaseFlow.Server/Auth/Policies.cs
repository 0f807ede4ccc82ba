using CaseFlow.Cases.Features.Common;
using Microsoft.AspNetCore.Authorization;

namespace CaseFlow.Server.Auth;

/// <summary>
/// Who may call what. Every endpoint names one of these policies (a test enumerates the endpoints and fails on one
/// without); Admin holds every policy. The use cases check the finer rules (an agent completes only tasks that are
/// theirs or their role's; only the owner or a supervisor transfers a case).
/// </summary>
public static class Policies
{
    /// <summary>Read definitions and the activity palette: the designer's users and the managers reviewing runs.</summary>
    public const string ReadDefinitions = nameof(ReadDefinitions);

    /// <summary>Save, publish, retract and import definitions; start instances; publish events; repair instances.</summary>
    public const string EditDefinitions = nameof(EditDefinitions);

    /// <summary>Workflow run history: instances and journals.</summary>
    public const string ReadHistory = nameof(ReadHistory);

    /// <summary>Take cases in and work them: intake, notes, transfers.</summary>
    public const string WorkCases = nameof(WorkCases);

    /// <summary>
    /// Claim, release and complete tasks: agents and supervisors, and managers, whose work comes as tasks too (the
    /// general manager grades an emergency and declares it over). Which task is whose is the use case's check.
    /// </summary>
    public const string WorkTasks = nameof(WorkTasks);

    /// <summary>Read cases and tasks.</summary>
    public const string ReadCases = nameof(ReadCases);

    /// <summary>Steer other people's tasks: reassign, see everyone's.</summary>
    public const string OverseeTasks = nameof(OverseeTasks);

    /// <summary>KPIs.</summary>
    public const string ReadKpis = nameof(ReadKpis);

    /// <summary>The organisation's directory: departments, people, superiors, the reserve pool (everyone who signs in).</summary>
    public const string ReadOrganisation = nameof(ReadOrganisation);

    /// <summary>Maintain the organisation: departments, people, superiors, the reserve pool.</summary>
    public const string ManageOrganisation = nameof(ManageOrganisation);

    /// <summary>Report an emergency or a warning sign (E1: any employee).</summary>
    public const string RaiseEmergencies = nameof(RaiseEmergencies);

    /// <summary>Read emergencies: their level, stage, reports, command and linked cases.</summary>
    public const string ReadEmergencies = nameof(ReadEmergencies);

    /// <summary>Submit information reports on an emergency.</summary>
    public const string ReportEmergencies = nameof(ReportEmergencies);

    /// <summary>Read drills: their steps, score and report (participants are agents too).</summary>
    public const string ReadDrills = nameof(ReadDrills);

    /// <summary>Plan drills (the drill command: the customer service manager, supervisors).</summary>
    public const string PlanDrills = nameof(PlanDrills);

    /// <summary>See the schedules (plan review, drills...) and their runs.</summary>
    public const string ReadSchedules = nameof(ReadSchedules);

    /// <summary>Change the schedules, run one by hand.</summary>
    public const string ManageSchedules = nameof(ManageSchedules);

    /// <summary>Read the log of who read which customer's data (Q9).</summary>
    public const string ReadAudit = nameof(ReadAudit);

    /// <summary>Read the risk register.</summary>
    public const string ReadRisks = nameof(ReadRisks);

    /// <summary>Record and grade risks; activate the emergency plan for an extraordinarily major one.</summary>
    public const string ManageRisks = nameof(ManageRisks);

    /// <summary>Operations: the Hangfire dashboard.</summary>
    public const string Admin = nameof(Admin);

    public static readonly IReadOnlyDictionary<string, string[]> Roles = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        // Supervisors read definitions too: the run history draws the flowchart a run took.
        [ReadDefinitions] = [CaseRoles.ProcessOwner, CaseRoles.Manager, CaseRoles.Supervisor],
        [EditDefinitions] = [CaseRoles.ProcessOwner],
        [ReadHistory] = [CaseRoles.ProcessOwner, CaseRoles.Manager, CaseRoles.Supervisor],
        [WorkCases] = [CaseRoles.Agent, CaseRoles.Supervisor],
        [WorkTasks] = [CaseRoles.Agent, CaseRoles.Supervisor, CaseRoles.Manager],
        [ReadCases] = [CaseRoles.Agent, CaseRoles.Supervisor, CaseRoles.Manager],
        [OverseeTasks] = [CaseRoles.Supervisor, CaseRoles.Manager],
        [ReadKpis] = [CaseRoles.Manager, CaseRoles.Supervisor],
        [ReadOrganisation] = [CaseRoles.ProcessOwner, CaseRoles.Agent, CaseRoles.Supervisor, CaseRoles.Manager],
        [ManageOrganisation] = [],
        [RaiseEmergencies] = [CaseRoles.ProcessOwner, CaseRoles.Agent, CaseRoles.Supervisor, CaseRoles.Manager],
        [ReadEmergencies] = [CaseRoles.Agent, CaseRoles.Supervisor, CaseRoles.Manager],
        [ReportEmergencies] = [CaseRoles.Agent, CaseRoles.Supervisor, CaseRoles.Manager],
        [ReadDrills] = [CaseRoles.ProcessOwner, CaseRoles.Agent, CaseRoles.Supervisor, CaseRoles.Manager],
        [PlanDrills] = [CaseRoles.Supervisor, CaseRoles.Manager],
        [ReadSchedules] = [CaseRoles.ProcessOwner, CaseRoles.Supervisor, CaseRoles.Manager],
        [ManageSchedules] = [CaseRoles.Manager],
        [ReadAudit] = [CaseRoles.Manager],
        [ReadRisks] = [CaseRoles.ProcessOwner, CaseRoles.Supervisor, CaseRoles.Manager],
        [ManageRisks] = [CaseRoles.ProcessOwner, CaseRoles.Manager],
        [Admin] = [],
    };

    public static void Add(AuthorizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var (name, roles) in Roles)
            options.AddPolicy(name, p => p.RequireAuthenticatedUser().RequireRole([CaseRoles.Admin, .. roles]));

        // Authenticated by default: an endpoint that forgets its policy still admits nobody anonymous.
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
    }
}
