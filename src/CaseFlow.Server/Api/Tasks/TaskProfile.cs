using AutoMapper;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Tasks;

namespace CaseFlow.Server.Api.Tasks;

/// <summary>Tasks (with their case's number when the query has it) to <see cref="TaskDto"/>.</summary>
public sealed class TaskProfile : Profile
{
    public TaskProfile()
    {
        CreateMap<FormField, FormFieldDto>();
        CreateMap<CaseTask, TaskDto>().ForMember(d => d.CaseNumber, o => o.Ignore()).ForMember(d => d.CaseDueAt, o => o.Ignore()).ForMember(d => d.DataWithheld, o => o.Ignore());
        CreateMap<TaskItem, TaskDto>().IncludeMembers(i => i.Task).ForMember(d => d.DataWithheld, o => o.Ignore());
    }
}
