import type { FormField } from '../../forms/TaskForm';

export type { FormField };

/** A test run of a draft in the server's sandbox (`/api/test-runs`): nothing it does is saved or reaches a person. */
export interface TestRun {
  id: string;
  definitionId: string;
  definitionVersion: number | null;
  status: 'Running' | 'Finished';
  subStatus: 'Executing' | 'Suspended' | 'Finished' | 'Faulted' | 'Cancelled';
  startedAt: string;
  expiresAt: string;
  steps: TestRunStep[];
  variables: Record<string, unknown>;
  input: Record<string, unknown>;
  output: Record<string, unknown>;
  waits: TestRunWait[];
  effects: TestRunEffect[];
  incidents: TestRunIncident[];
  console: string[];
}

export interface TestRunStep {
  sequence: number;
  instanceId: string;
  /** 0: the workflow under test; 1 and more: child workflows it started. */
  depth: number;
  activityId: string;
  activityType: string;
  activityName: string | null;
  event: string;
  /** On completion: the ports the activity continued on. */
  outcomes: string[];
  at: string;
  message?: string | null;
}

export interface TestRunWait {
  kind: 'task' | 'event' | 'timer' | 'other';
  bookmarkId: string;
  instanceId: string;
  activityId: string;
  activityName?: string | null;
  taskId?: string | null;
  title?: string | null;
  instructions?: string | null;
  candidateRole?: string | null;
  assignee?: string | null;
  outcomes?: string[] | null;
  form?: FormField[] | null;
  priority?: string | null;
  dueIn?: string | null;
  eventName?: string | null;
  dueAt?: string | null;
  name?: string | null;
}

export interface TestRunEffect {
  sequence: number;
  kind: string;
  activityId?: string | null;
  instanceId: string;
  payload: Record<string, unknown>;
}

export interface TestRunIncident {
  instanceId: string;
  activityId: string;
  activityType: string;
  message: string;
}
