using AutoMapper;
using CaseFlow.Cases.Features.TestRuns;

namespace CaseFlow.Server.Api.TestRuns;

/// <summary>Test runs to the test-run API's DTOs (form fields map as the task API's do).</summary>
public sealed class TestRunProfile : Profile
{
    public TestRunProfile()
    {
        CreateMap<TestRunView, TestRunDto>();
        CreateMap<TestRunStep, TestRunStepDto>();
        // A task's outcomes and form; null on the other kinds of wait, not empty lists.
        CreateMap<TestRunWait, TestRunWaitDto>()
            .ForMember(d => d.Outcomes, o => o.AllowNull())
            .ForMember(d => d.Form, o => o.AllowNull());
        CreateMap<TestRunEffect, TestRunEffectDto>();
        CreateMap<TestRunIncident, TestRunIncidentDto>();
        CreateMap<TestRunAction, TestRunActionDto>();
        CreateMap<TestRunDropped, TestRunDroppedDto>();
    }
}
