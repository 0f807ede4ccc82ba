using CaseFlow.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Cases;

/// <summary>Registers the case-management application. Persistence, use cases and jobs join it in the next issues.</summary>
public static class DependencyInjection
{
    public static IServiceCollection AddCaseFlowCases(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddCaseFlowWorkflows();
        return services;
    }
}
