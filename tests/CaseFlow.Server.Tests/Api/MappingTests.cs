using AutoMapper;
using AutoMapper.Internal;
using CaseFlow.Server.Tests.Support;

namespace CaseFlow.Server.Tests.Api;

/// <summary>Every AutoMapper profile the host loads, as the host configures them: each DTO member has a source.</summary>
[Collection(HostCollection.Name)]
public sealed class MappingTests
{
    [Fact]
    public async Task TheHostsMapperConfiguration_IsValid()
    {
        using var dir = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(dir.Sub("data"));

        var mapper = server.Get<IMapper>();

        mapper.ConfigurationProvider.AssertConfigurationIsValid();
        foreach (var name in new[] { "CaseDto", "TaskDto", "InstanceSummary", "DefinitionListItem" })
            Assert.Contains(mapper.ConfigurationProvider.Internal().GetAllTypeMaps(), m => m.DestinationType.Name == name);
    }
}
