// The case API's shapes (CaseFlow.Server/Api/Cases/CaseDtos.cs). Dates are ISO 8601 strings.
import type { Priority, Task } from '../tasks/types';

export type CaseType = 'Complaint' | 'Inquiry' | 'Emergency' | 'Drill';
export type CaseChannel = 'Phone' | 'Email' | 'Online' | 'Social' | 'Internal';
export type CaseStatus = 'New' | 'InProgress' | 'Escalated' | 'Resolved' | 'FollowUp' | 'Closed' | 'Redirected' | 'Archived';

export interface Customer {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
  segment: 'Regular' | 'Vip';
}

export interface CaseSummary {
  id: string;
  number: string;
  type: CaseType;
  isDrill: boolean;
  channel: CaseChannel;
  priority: Priority;
  status: CaseStatus;
  category: string | null;
  description: string;
  owner: string | null;
  createdBy: string | null;
  customerId: string;
  customer: Customer | null;
  fields: Record<string, unknown>;
  workflowDefinitionId: string | null;
  workflowInstanceId: string | null;
  parentCaseId: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  revision: number;
}

export interface SlaClock {
  id: string;
  name: string;
  status: 'Running' | 'Met' | 'Breached' | 'Cancelled';
  startedAt: string;
  dueAt: string;
  stoppedAt: string | null;
  breachedAt: string | null;
}

export interface TimelineItem {
  at: string;
  kind: string;
  title: string;
  actor: string | null;
  detail: string | null;
  /** `case` (the case's own events) or `workflow` (a completed step). */
  source: string;
}

export interface Note {
  id: string;
  caseId: string;
  author: string;
  text: string;
  createdAt: string;
}

export interface CaseDetails extends CaseSummary {
  tasks: Task[];
  notes: Note[];
  slas: SlaClock[];
  timeline: TimelineItem[];
}
