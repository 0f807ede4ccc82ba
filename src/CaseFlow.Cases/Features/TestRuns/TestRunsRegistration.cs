using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CaseFlow.Cases.Features.TestRuns;

internal static class TestRunsRegistration
{
    /// <summary>The designer's test runs: the in-memory store, the engine they run on and their use cases; options from <see cref="TestRunOptions.SectionName"/>.</summary>
    public static IServiceCollection AddTestRuns(this IServiceCollection services)
    {
        // Bound when the host has configuration (the server, the CLI); a bare container keeps the defaults.
        services.AddOptions<TestRunOptions>()
            .Configure<IServiceProvider>((o, sp) => sp.GetService<IConfiguration>()?.GetSection(TestRunOptions.SectionName).Bind(o));
        services.TryAddSingleton<TestRunStore>();
        services.TryAddSingleton<TestRunEngine>();
        services.TryAddSingleton<StartTestRunHandler>();
        services.TryAddSingleton<GetTestRunHandler>();
        services.TryAddSingleton<CompleteTestRunTaskHandler>();
        services.TryAddSingleton<PublishTestRunEventHandler>();
        services.TryAddSingleton<FireTestRunTimerHandler>();
        services.TryAddSingleton<DeleteTestRunHandler>();
        return services;
    }
}
