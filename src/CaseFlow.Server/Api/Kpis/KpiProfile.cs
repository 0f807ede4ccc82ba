using AutoMapper;
using CaseFlow.Cases.Features.Kpis;

namespace CaseFlow.Server.Api.Kpis;

/// <summary>The KPI report to its DTOs.</summary>
public sealed class KpiProfile : Profile
{
    public KpiProfile()
    {
        CreateMap<KpiCount, KpiCountDto>();
        CreateMap<VolumeKpi, VolumeKpiDto>();
        CreateMap<SlaClockKpi, SlaClockKpiDto>();
        CreateMap<SlaKpi, SlaKpiDto>();
        CreateMap<FirstContactResolutionKpi, FirstContactResolutionKpiDto>();
        CreateMap<CsatKpi, CsatKpiDto>();
        CreateMap<BacklogKpi, BacklogKpiDto>();
        CreateMap<CsatPoint, CsatPointDto>();
        CreateMap<CsatTrendKpi, CsatTrendKpiDto>();
        CreateMap<HotSpotKpi, HotSpotKpiDto>();
        CreateMap<MilestoneKpi, MilestoneKpiDto>();
        CreateMap<EmergencyLevelKpi, EmergencyLevelKpiDto>();
        CreateMap<EmergenciesKpi, EmergenciesKpiDto>();
        CreateMap<DrillScoreKpi, DrillScoreKpiDto>();
        CreateMap<KpiReport, KpiReportDto>();
        CreateMap<ActivityHeat, ActivityHeatDto>();
        CreateMap<ActivityHeatmap, ActivityHeatmapDto>();
    }
}
