// The task API's shapes (CaseFlow.Server/Api/Tasks/TaskDtos.cs). Dates are ISO 8601 strings.
import type { FormField } from '../forms/TaskForm';

export type TaskStatus = 'Open' | 'Completed' | 'Cancelled';
export type Priority = 'Low' | 'Normal' | 'High' | 'Urgent';

export const priorityColor: Record<Priority, string> = { Urgent: 'red', High: 'orange', Normal: 'blue', Low: 'default' };

/**
 * `mine`: assigned to me; `available`: unassigned, for a role I hold; `team`: my reports' (supervisors, managers);
 * `all`: everyone's (supervisors, managers, admins).
 */
export type TaskView = 'mine' | 'available' | 'team' | 'all';

export type TaskSort = 'due' | 'priority' | 'newest' | 'oldest';

/** What the inbox is narrowed to; unset: any. `drill`: 'true' only drills, 'false' none. */
export interface TaskFilters {
  type?: string;
  category?: string;
  priority?: string;
  channel?: string;
  emergency?: 'true' | 'false';
  drill?: 'true' | 'false';
}

export interface Task {
  id: string;
  /** `Task`, or `FollowUp` for a scheduled follow-up. */
  kind: string;
  caseId: string | null;
  caseNumber: string | null;
  workflowInstanceId: string;
  isDrill: boolean;
  /** Its case's type, category and channel (null outside a case or before classification). */
  caseType: string | null;
  category: string | null;
  channel: string | null;
  emergencyLinked: boolean;
  activityId: string;
  title: string;
  instructions: string | null;
  assignee: string | null;
  candidateRole: string | null;
  department: string | null;
  outcomes: string[];
  form: FormField[];
  priority: Priority;
  dueAt: string | null;
  /** In inbox pages: when the case's soonest running SLA clock is due. */
  caseDueAt?: string | null;
  status: TaskStatus;
  createdAt: string;
  claimedAt: string | null;
  completedAt: string | null;
  completedBy: string | null;
  outcome: string | null;
  /** When the workflow took the completion; null on a completed task while the hand-over is pending. */
  resumedAt: string | null;
  data: Record<string, unknown>;
  dataWithheld: boolean;
  revision: number;
}
