using AutoMapper;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Emergencies;

namespace CaseFlow.Server.Api.Emergencies;

/// <summary>Emergencies (a case and its details) to the API's DTOs.</summary>
public sealed class EmergencyProfile : Profile
{
    public EmergencyProfile()
    {
        CreateMap<EmergencySummary, EmergencyDto>()
            .ForMember(d => d.Id, o => o.MapFrom(s => s.Case.Id))
            .ForMember(d => d.Number, o => o.MapFrom(s => s.Case.Number))
            .ForMember(d => d.EventType, o => o.MapFrom(s => s.Emergency.EventType))
            .ForMember(d => d.Description, o => o.MapFrom(s => s.Case.Description))
            .ForMember(d => d.OccurredAt, o => o.MapFrom(s => s.Emergency.OccurredAt))
            .ForMember(d => d.SuggestedLevel, o => o.MapFrom(s => s.Emergency.SuggestedLevel))
            .ForMember(d => d.Level, o => o.MapFrom(s => s.Emergency.Level))
            .ForMember(d => d.Red, o => o.MapFrom(s => s.Emergency.Red))
            .ForMember(d => d.Stage, o => o.MapFrom(s => s.Emergency.Stage))
            .ForMember(d => d.Scope, o => o.MapFrom(s => s.Emergency.Scope))
            .ForMember(d => d.Departments, o => o.MapFrom(s => s.Emergency.Departments))
            .ForMember(d => d.ReportedBy, o => o.MapFrom(s => s.Emergency.ReportedBy))
            .ForMember(d => d.IsDrill, o => o.MapFrom(s => s.Case.IsDrill))
            .ForMember(d => d.Status, o => o.MapFrom(s => s.Case.Status))
            .ForMember(d => d.Priority, o => o.MapFrom(s => s.Case.Priority))
            .ForMember(d => d.WorkflowInstanceId, o => o.MapFrom(s => s.Case.WorkflowInstanceId))
            .ForMember(d => d.CreatedAt, o => o.MapFrom(s => s.Case.CreatedAt))
            .ForMember(d => d.UpdatedAt, o => o.MapFrom(s => s.Emergency.UpdatedAt));
        CreateMap<EmergencySummary, EmergencyDetailsDto>()
            .IncludeBase<EmergencySummary, EmergencyDto>()
            .ForMember(d => d.Reports, o => o.Ignore())
            .ForMember(d => d.Command, o => o.Ignore())
            .ForMember(d => d.Links, o => o.Ignore())
            .ForMember(d => d.NextUpdateDueAt, o => o.Ignore());
        CreateMap<InformationReport, InformationReportDto>();
        CreateMap<CommandRole, CommandRoleDto>();
        CreateMap<CaseLink, CaseLinkDto>();
    }
}
