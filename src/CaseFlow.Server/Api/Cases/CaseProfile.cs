using AutoMapper;
using CaseFlow.Cases.Domain;
using CaseFlow.Cases.Features.Cases;

namespace CaseFlow.Server.Api.Cases;

/// <summary>Case entities to the API's case DTOs (tasks map in <see cref="Tasks.TaskProfile"/>).</summary>
public sealed class CaseProfile : Profile
{
    public CaseProfile()
    {
        CreateMap<Customer, CustomerDto>();
        CreateMap<Case, CaseDto>();

        // The case's own members only: the endpoint adds the collections, which come from several sources.
        CreateMap<Case, CaseDetailsDto>()
            .IncludeBase<Case, CaseDto>()
            .ForMember(d => d.Tasks, o => o.Ignore())
            .ForMember(d => d.Notes, o => o.Ignore())
            .ForMember(d => d.Transfers, o => o.Ignore())
            .ForMember(d => d.Slas, o => o.Ignore())
            .ForMember(d => d.Messages, o => o.Ignore())
            .ForMember(d => d.Timeline, o => o.Ignore())
            .ForMember(d => d.Links, o => o.Ignore());
        CreateMap<LinkedCase, LinkedCaseDto>();
        CreateMap<CaseNote, NoteDto>();
        CreateMap<CaseTransfer, TransferDto>();
        CreateMap<SlaClock, SlaDto>();
        CreateMap<NotificationMessage, MessageDto>();
        CreateMap<TimelineItem, TimelineItemDto>();
    }
}
