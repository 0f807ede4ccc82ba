// The instance API's shapes (CaseFlow.Server/Api/Instances/InstanceDtos.cs). Dates are ISO 8601 strings.

export type InstanceStatus = 'Running' | 'Finished';
export type InstanceSubStatus = 'Pending' | 'Executing' | 'Suspended' | 'Finished' | 'Cancelled' | 'Faulted';

export interface InstanceSummary {
  id: string;
  definitionId: string;
  definitionVersionId: string;
  version: number;
  name: string | null;
  status: InstanceStatus;
  subStatus: InstanceSubStatus;
  correlationId: string | null;
  parentInstanceId: string | null;
  incidentCount: number;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

export interface InstanceBookmark {
  id: string;
  name: string;
  payload: Record<string, unknown>;
  activityId: string;
  activityNodeId: string;
  createdAt: string;
  dueAt: string | null;
}

export interface InstanceIncident {
  id: string;
  activityId: string;
  activityNodeId: string;
  activityType: string;
  message: string;
  exception: { type: string; message: string } | null;
  timestamp: string;
}

export interface InstanceDetails extends InstanceSummary {
  input: Record<string, unknown>;
  output: Record<string, unknown>;
  variables: Record<string, unknown>;
  bookmarks: InstanceBookmark[];
  incidents: InstanceIncident[];
}

export interface JournalRecord {
  sequence: number;
  timestamp: string;
  eventName: string;
  activityId: string;
  activityType: string;
  activityName: string | null;
  activityNodeId: string;
  activityInstanceId: string;
  parentActivityInstanceId: string | null;
  message: string | null;
  source: string | null;
  payload: unknown;
}
