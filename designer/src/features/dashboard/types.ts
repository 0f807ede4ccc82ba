// GET /api/kpis (CaseFlow.Server/Api/Kpis/KpiDtos.cs). Percentages are 0–100, null when there is nothing to divide by.

export interface KpiCount {
  key: string;
  count: number;
}

export interface KpiReport {
  from: string;
  to: string;
  volume: { total: number; byType: KpiCount[]; byCategory: KpiCount[]; byChannel: KpiCount[] };
  sla: { met: number; breached: number; running: number; metPercent: number | null; byClock: { clock: string; met: number; breached: number; running: number; metPercent: number | null }[] };
  firstContactResolution: { resolvedComplaints: number; withoutEscalation: number; percent: number | null };
  csat: { sent: number; answered: number; averageScore: number | null; satisfiedPercent: number | null; responseRatePercent: number | null };
  backlog: { asOf: string; openCases: number; openCasesByStatus: KpiCount[]; openTasks: number; overdueTasks: number };
}
