using AutoMapper;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Schedules;

namespace CaseFlow.Server.Api.Schedules;

public sealed class ScheduleProfile : Profile
{
    public ScheduleProfile()
    {
        CreateMap<ScheduleRun, ScheduleRunDto>();
        CreateMap<ScheduleView, ScheduleDto>();
    }
}
