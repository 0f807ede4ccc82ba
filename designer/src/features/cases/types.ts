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
  /** What happened as a key (`taskCreated`, `slaMet`...) with its values, for saying it in the reader's language; null: the title is a quote (a definition's note). */
  code?: string | null;
  args?: Record<string, string>;
}

export interface Note {
  id: string;
  caseId: string;
  author: string;
  text: string;
  createdAt: string;
}

export interface Transfer {
  id: string;
  caseId: string;
  fromOwner: string;
  toOwner: string;
  transferredBy: string;
  reason: string;
  at: string;
}

export interface Message {
  id: string;
  recipientKind: 'Customer' | 'Role' | 'User' | 'Department' | 'External';
  recipient: string;
  address: string | null;
  /** `log`, `email`, `sms` or `voice`. */
  channel: string;
  subject: string | null;
  body: string;
  status: 'Pending' | 'Sent' | 'Failed';
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface CaseDetails extends CaseSummary {
  tasks: Task[];
  notes: Note[];
  transfers: Transfer[];
  slas: SlaClock[];
  messages: Message[];
  timeline: TimelineItem[];
  /** The cases this one belongs with that the reader may see. */
  links: LinkedCase[];
}

export interface LinkedCase {
  caseId: string;
  number: string;
  type: string;
  status: string;
  /** `Emergency` (the emergency this case is part of), `Linked` (a case linked to this emergency), `FollowUpOf`, `FollowUp`. */
  relation: 'Emergency' | 'Linked' | 'FollowUpOf' | 'FollowUp';
  reason: string | null;
  at: string;
}

/** The intake form's body (POST /api/cases). */
export interface NewCase {
  type: 'complaint' | 'inquiry';
  channel: string;
  customer: { name: string; phone?: string; email?: string; segment?: string };
  description: string;
  category?: string;
  priority?: string;
}
