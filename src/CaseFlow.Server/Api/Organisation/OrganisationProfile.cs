using AutoMapper;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Organisation;

namespace CaseFlow.Server.Api.Organisation;

/// <summary>Departments and people to the API's DTOs.</summary>
public sealed class OrganisationProfile : Profile
{
    public OrganisationProfile()
    {
        CreateMap<Person, PersonDto>();
        CreateMap<DepartmentSummary, DepartmentDto>()
            .IncludeMembers(s => s.Department)
            .ForMember(d => d.HeadName, o => o.MapFrom(s => s.HeadName))
            .ForMember(d => d.ActiveMembers, o => o.MapFrom(s => s.ActiveMembers));
        CreateMap<Department, DepartmentDto>()
            .ForMember(d => d.HeadName, o => o.Ignore())
            .ForMember(d => d.ActiveMembers, o => o.Ignore());
        CreateMap<Person, PersonDetailsDto>()
            .IncludeBase<Person, PersonDto>()
            .ForMember(d => d.Superiors, o => o.Ignore())
            .ForMember(d => d.DirectReports, o => o.Ignore());
        CreateMap<ServiceWindowView, ServiceWindowDto>()
            .ForCtorParam(nameof(ServiceWindowDto.Id), o => o.MapFrom(s => s.Window.Id))
            .ForCtorParam(nameof(ServiceWindowDto.Name), o => o.MapFrom(s => s.Window.Name))
            .ForCtorParam(nameof(ServiceWindowDto.Channel), o => o.MapFrom(s => s.Window.Channel))
            .ForCtorParam(nameof(ServiceWindowDto.AgentIds), o => o.MapFrom(s => s.Window.AgentIds))
            .ForCtorParam(nameof(ServiceWindowDto.Active), o => o.MapFrom(s => s.Window.Active))
            .ForCtorParam(nameof(ServiceWindowDto.UpdatedAt), o => o.MapFrom(s => s.Window.UpdatedAt))
            .ForCtorParam(nameof(ServiceWindowDto.UpdatedBy), o => o.MapFrom(s => s.Window.UpdatedBy))
            .ForCtorParam(nameof(ServiceWindowDto.Revision), o => o.MapFrom(s => s.Window.Revision));
    }
}
