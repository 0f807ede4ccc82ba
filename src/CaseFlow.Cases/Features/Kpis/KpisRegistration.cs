using CaseFlow.Cases.Features.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CaseFlow.Cases.Features.Kpis;

internal static class KpisRegistration
{
    /// <summary>The read side the HTTP API needs beyond the commands: KPIs, the activity heatmap and the task inboxes.</summary>
    public static IServiceCollection AddKpis(this IServiceCollection services)
    {
        services.TryAddSingleton<KpiQuery>();
        services.AddOptions<HeatmapOptions>().Validate(o => o.MaxRuns >= 1, "CaseFlow:Heatmap:MaxRuns: at least 1").ValidateOnStart();
        services.TryAddSingleton<ActivityHeatmapQuery>();
        services.TryAddSingleton<TaskQueries>();
        return services;
    }
}
