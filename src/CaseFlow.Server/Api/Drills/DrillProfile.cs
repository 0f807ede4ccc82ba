using AutoMapper;
using CaseFlow.Cases.Features.Drills;

namespace CaseFlow.Server.Api.Drills;

/// <summary>Drills (a case and its details) to the API's DTOs.</summary>
public sealed class DrillProfile : Profile
{
    public DrillProfile()
    {
        CreateMap<DrillSummary, DrillDto>()
            .ForMember(d => d.Id, o => o.MapFrom(s => s.Case.Id))
            .ForMember(d => d.Number, o => o.MapFrom(s => s.Case.Number))
            .ForMember(d => d.Scenario, o => o.MapFrom(s => s.Drill.Scenario))
            .ForMember(d => d.Kind, o => o.MapFrom(s => s.Drill.Kind))
            .ForMember(d => d.RunPlan, o => o.MapFrom(s => s.Drill.RunPlan))
            .ForMember(d => d.PlannedFor, o => o.MapFrom(s => s.Drill.PlannedFor))
            .ForMember(d => d.Description, o => o.MapFrom(s => s.Case.Description))
            .ForMember(d => d.Status, o => o.MapFrom(s => s.Case.Status))
            .ForMember(d => d.WorkflowInstanceId, o => o.MapFrom(s => s.Case.WorkflowInstanceId))
            .ForMember(d => d.CreatedBy, o => o.MapFrom(s => s.Case.CreatedBy))
            .ForMember(d => d.CreatedAt, o => o.MapFrom(s => s.Case.CreatedAt));
        CreateMap<DrillSummary, DrillDetailsDto>()
            .IncludeBase<DrillSummary, DrillDto>()
            .ForMember(d => d.Steps, o => o.Ignore())
            .ForMember(d => d.PlanRunId, o => o.Ignore())
            .ForMember(d => d.PlanRunNumber, o => o.Ignore())
            .ForMember(d => d.PlanRunStage, o => o.Ignore())
            .ForMember(d => d.Milestones, o => o.Ignore())
            .ForMember(d => d.Report, o => o.Ignore());
        CreateMap<DrillStep, DrillStepDto>();
        CreateMap<DrillMilestone, DrillMilestoneDto>();
    }
}
