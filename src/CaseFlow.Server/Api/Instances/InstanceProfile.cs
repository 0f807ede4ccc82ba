using AutoMapper;
using CaseFlow.Cases.Persistence.Entities;
using CaseFlow.Workflows.Runtime;
using CaseFlow.Workflows.Runtime.Snapshots;

namespace CaseFlow.Server.Api.Instances;

/// <summary>Instance rows, snapshots and journal records to the instance API's DTOs.</summary>
public sealed class InstanceProfile : Profile
{
    public InstanceProfile()
    {
        // Used in EF projections (ProjectTo): the summary columns only, never the snapshot.
        CreateMap<WorkflowInstanceRow, InstanceSummary>();

        CreateMap<WorkflowState, InstanceSummary>()
            .ForCtorParam(nameof(InstanceSummary.Version), o => o.MapFrom(s => s.DefinitionVersion))
            .ForCtorParam(nameof(InstanceSummary.ParentInstanceId), o => o.MapFrom(s => s.ParentWorkflowInstanceId));

        CreateMap<WorkflowSnapshot, InstanceDetails>()
            .ForCtorParam(nameof(InstanceDetails.Id), o => o.MapFrom(s => s.State.Id))
            .ForCtorParam(nameof(InstanceDetails.DefinitionId), o => o.MapFrom(s => s.State.DefinitionId))
            .ForCtorParam(nameof(InstanceDetails.DefinitionVersionId), o => o.MapFrom(s => s.State.DefinitionVersionId))
            .ForCtorParam(nameof(InstanceDetails.Version), o => o.MapFrom(s => s.State.DefinitionVersion))
            .ForCtorParam(nameof(InstanceDetails.Name), o => o.MapFrom(s => s.State.Name))
            .ForCtorParam(nameof(InstanceDetails.Status), o => o.MapFrom(s => s.State.Status))
            .ForCtorParam(nameof(InstanceDetails.SubStatus), o => o.MapFrom(s => s.State.SubStatus))
            .ForCtorParam(nameof(InstanceDetails.CorrelationId), o => o.MapFrom(s => s.State.CorrelationId))
            .ForCtorParam(nameof(InstanceDetails.ParentInstanceId), o => o.MapFrom(s => s.State.ParentWorkflowInstanceId))
            .ForCtorParam(nameof(InstanceDetails.IncidentCount), o => o.MapFrom(s => s.State.IncidentCount))
            .ForCtorParam(nameof(InstanceDetails.CreatedAt), o => o.MapFrom(s => s.State.CreatedAt))
            .ForCtorParam(nameof(InstanceDetails.UpdatedAt), o => o.MapFrom(s => s.State.UpdatedAt))
            .ForCtorParam(nameof(InstanceDetails.FinishedAt), o => o.MapFrom(s => s.State.FinishedAt))
            .ForCtorParam(nameof(InstanceDetails.Input), o => o.MapFrom(s => s.State.Input))
            .ForCtorParam(nameof(InstanceDetails.Output), o => o.MapFrom(s => s.State.Output))
            .ForCtorParam(nameof(InstanceDetails.Variables), o => o.MapFrom(s => Variables(s)))
            .ForCtorParam(nameof(InstanceDetails.Bookmarks), o => o.MapFrom(s => s.State.Bookmarks))
            .ForCtorParam(nameof(InstanceDetails.Incidents), o => o.MapFrom(s => s.State.Incidents));

        CreateMap<Bookmark, InstanceBookmark>();
        CreateMap<ActivityIncident, InstanceIncident>();
        CreateMap<ExceptionState, IncidentException>()
            .ForCtorParam(nameof(IncidentException.Inner), o => o.MapFrom(e => e.InnerException));
        CreateMap<JournalRecord, InstanceJournalRecord>();
    }

    /// <summary>
    /// The variables of every live activity scope, outermost first: the workflow's own, then a flowchart's or a
    /// sequence's. A name an inner scope repeats keeps the outer value (the one the workflow declared).
    /// </summary>
    private static Dictionary<string, object?> Variables(WorkflowSnapshot snapshot)
    {
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var context in snapshot.Contexts)
        {
            foreach (var (name, value) in context.Variables ?? [])
                variables.TryAdd(name, value);
        }

        return variables;
    }
}
