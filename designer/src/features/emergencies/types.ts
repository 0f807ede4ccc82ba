// The emergency API's shapes (CaseFlow.Server/Api/Emergencies/EmergencyDtos.cs). Dates are ISO 8601 strings.

export type EmergencyStage = 'Warning' | 'Activation' | 'Handling' | 'Recovery' | 'Summary' | 'Closed';
export const stages: readonly EmergencyStage[] = ['Warning', 'Activation', 'Handling', 'Recovery', 'Summary', 'Closed'];
export type ResponseLevel = 'I' | 'II' | 'III' | 'IV';

export interface Emergency {
  id: string;
  number: string;
  eventType: string;
  description: string;
  occurredAt: string;
  suggestedLevel: ResponseLevel | null;
  level: ResponseLevel | null;
  red: boolean;
  stage: EmergencyStage;
  scope: string | null;
  departments: string[];
  reportedBy: string | null;
  isDrill: boolean;
  status: string;
  priority: string;
  workflowInstanceId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface InformationReport {
  sequence: number;
  eventType: string;
  occurredAt: string;
  departments: string[];
  scope: string;
  cause: string;
  measures: string;
  followUp: string;
  losses: string | null;
  form: 'Written' | 'Oral';
  recipients: { kind: string; name: string }[];
  submittedBy: string;
  submittedAt: string;
}

export interface EmergencyDetails extends Emergency {
  reports: InformationReport[];
  command: { role: string; personId: string; assignedBy: string | null; assignedAt: string }[];
  links: { linkedCaseId: string; reason: string; linkedBy: string | null; linkedAt: string; heldAt: string | null; releasedAt: string | null }[];
  nextUpdateDueAt: string | null;
}

export interface ReportBody {
  eventType: string;
  occurredAt: string;
  departments: string[];
  scope: string;
  cause: string;
  measures: string;
  followUp: string;
  losses?: string;
  form: 'written' | 'oral';
  recipients: { kind: string; name: string }[];
}
