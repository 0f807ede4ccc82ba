// GET /api/kpis (CaseFlow.Server/Api/Kpis/KpiDtos.cs). Percentages are 0–100, null when there is nothing to divide by.

export interface KpiCount {
  key: string;
  count: number;
}

export interface CsatPoint {
  start: string;
  sent: number;
  answered: number;
  averageScore: number | null;
}

export interface HotSpot {
  category: string;
  count: number;
  previousCount: number;
  changePercent: number | null;
}

export interface Milestone {
  clock: string;
  limitMinutes: number;
  met: number;
  breached: number;
  running: number;
  medianMinutes: number | null;
}

export interface EmergencyLevel {
  level: string;
  count: number;
  active: number;
  milestones: Milestone[];
}

export interface DrillScore {
  caseId: string;
  number: string;
  scenario: string;
  kind: string;
  status: string;
  createdAt: string;
  milestonesMet: number;
  milestones: number;
  scorePercent: number | null;
}

export interface KpiReport {
  from: string;
  to: string;
  includesDrills: boolean;
  volume: { total: number; byType: KpiCount[]; byCategory: KpiCount[]; byChannel: KpiCount[] };
  sla: { met: number; breached: number; running: number; metPercent: number | null; byClock: { clock: string; met: number; breached: number; running: number; metPercent: number | null }[] };
  firstContactResolution: { resolvedComplaints: number; withoutEscalation: number; percent: number | null };
  csat: { sent: number; answered: number; averageScore: number | null; satisfiedPercent: number | null; responseRatePercent: number | null };
  backlog: { asOf: string; openCases: number; openCasesByStatus: KpiCount[]; openTasks: number; overdueTasks: number };
  csatTrend: { bucket: 'day' | 'week' | 'month'; points: CsatPoint[] };
  backlogAgeing: KpiCount[];
  hotSpots: HotSpot[];
  emergencies: { total: number; byLevel: EmergencyLevel[] };
  drills: DrillScore[];
}
