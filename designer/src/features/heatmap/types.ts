// GET /api/workflow-definitions/{id}/heatmap (CaseFlow.Server/Api/Kpis/KpiDtos.cs).

export interface ActivityHeat {
  activityId: string;
  executions: number;
  runs: number;
  waits: number;
  averageWaitingSeconds: number | null;
  waitingNow: number;
  faults: number;
  slaBreaches: number;
  csatAnswers: number;
  csatAverage: number | null;
}

export interface ActivityHeatmap {
  definitionId: string;
  version: number;
  from: string;
  to: string;
  includesDrills: boolean;
  runs: number;
  analysed: number;
  slaBreaches: number;
  csatAnswers: number;
  csatAverage: number | null;
  activities: ActivityHeat[];
}

export type HeatMetric = 'executions' | 'waiting' | 'breaches' | 'csat';
export const heatMetrics: HeatMetric[] = ['executions', 'waiting', 'breaches', 'csat'];
