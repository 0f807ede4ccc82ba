using CaseFlow.Server.Tests.Support;
using CaseFlow.Workflows.Expressions.Liquid;
using CaseFlow.Workflows.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Server.Tests;

public sealed class EngineLimitsConfigurationTests
{
    [Fact]
    public void The_liquid_and_variable_limits_are_read_from_configuration()
    {
        using var temp = new TempDirectory();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
        [
            new(DependencyInjection.DataDirectoryKey, temp.Path),
            new("CaseFlow:Liquid:MaxOutputLength", "2048"),
            new("CaseFlow:Liquid:MaxNestingDepth", "20"),
            new("CaseFlow:Liquid:MaxTemplateLength", "5000"),
            new("CaseFlow:Liquid:TimeLimit", "00:00:02"),
            new(DependencyInjection.MaxVariableSizeKey, "65536"),
            new(DependencyInjection.MaxVariableDepthKey, "8"),
        ]).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddCaseFlowData(configuration);
        using var provider = services.BuildServiceProvider();

        var liquid = provider.GetRequiredService<LiquidOptions>();
        var runner = provider.GetRequiredService<WorkflowRunnerOptions>();

        Assert.Equal((2048, 20, 5000, TimeSpan.FromSeconds(2), 100_000), (liquid.MaxOutputLength, liquid.MaxNestingDepth, liquid.MaxTemplateLength, liquid.TimeLimit, liquid.MaxIterations));
        Assert.Equal((65536L, 8), (runner.MaxVariableSize, runner.MaxVariableDepth));
        Assert.NotNull(runner.Services);
        Assert.Equal("Liquid template nests deeper than 20 blocks", provider.GetRequiredService<LiquidEvaluator>().CheckSyntax(string.Concat(Enumerable.Repeat("{% if a %}", 21)))?.Message);
    }

    [Fact]
    public void Without_configuration_the_documented_defaults_apply()
    {
        using var temp = new TempDirectory();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(DependencyInjection.DataDirectoryKey, temp.Path)]).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddCaseFlowData(configuration);
        using var provider = services.BuildServiceProvider();

        var liquid = provider.GetRequiredService<LiquidOptions>();
        var runner = provider.GetRequiredService<WorkflowRunnerOptions>();

        Assert.Equal((1_048_576, 100, 100_000, TimeSpan.FromSeconds(1)), (liquid.MaxOutputLength, liquid.MaxNestingDepth, liquid.MaxTemplateLength, liquid.TimeLimit));
        Assert.Equal((1_048_576L, 32), (runner.MaxVariableSize, runner.MaxVariableDepth));
    }
}
