using AutoMapper;
using CaseFlow.Server.Api.Cases;
using CaseFlow.Server.Api.Kpis;
using CaseFlow.Server.Api.Tasks;
using Microsoft.Extensions.Logging.Abstractions;

namespace CaseFlow.Server.Tests.Api.Cases;

public sealed class ApiProfileTests
{
    [Fact]
    public void TheCaseTaskAndKpiProfiles_MapEveryMemberOfTheirDtos()
    {
        var configuration = new MapperConfiguration(
            cfg =>
            {
                cfg.AddProfile<CaseProfile>();
                cfg.AddProfile<TaskProfile>();
                cfg.AddProfile<KpiProfile>();
            },
            NullLoggerFactory.Instance);

        configuration.AssertConfigurationIsValid();
    }
}
