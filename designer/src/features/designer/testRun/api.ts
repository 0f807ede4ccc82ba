import { useMutation } from '@tanstack/react-query';
import { api } from '../../../api/client';
import type { ElsaDefinition } from '../elsa';
import type { TestRun } from './types';

const base = '/api/test-runs';

/** Starts a test run of the definition as it is in the editor (saved or not). */
export const startTestRun = (definition: ElsaDefinition, input: Record<string, unknown>) =>
  api<TestRun>(`/api/workflow-definitions/${encodeURIComponent(definition.definitionId || 'new')}/test-runs`, { method: 'POST', body: { definition, input } });

export const useCompleteTask = () =>
  useMutation({
    mutationFn: ({ run, taskId, outcome, data }: { run: string; taskId: string; outcome: string; data: Record<string, unknown> }) =>
      api<TestRun>(`${base}/${encodeURIComponent(run)}/tasks/${encodeURIComponent(taskId)}/complete`, { method: 'POST', body: { outcome, data } }),
  });

export const usePublishEvent = () =>
  useMutation({
    mutationFn: ({ run, eventName, payload }: { run: string; eventName: string; payload: unknown }) =>
      api<TestRun>(`${base}/${encodeURIComponent(run)}/events`, { method: 'POST', body: { eventName, payload } }),
  });

export const useFireTimer = () =>
  useMutation({
    mutationFn: ({ run, bookmarkId }: { run: string; bookmarkId: string }) =>
      api<TestRun>(`${base}/${encodeURIComponent(run)}/timers/${encodeURIComponent(bookmarkId)}/fire`, { method: 'POST', body: {} }),
  });

/** Starting and stopping a run (the panel's own actions). */
export function useTestRunActions() {
  return {
    start: useMutation({ mutationFn: ({ definition, input }: { definition: ElsaDefinition; input: Record<string, unknown> }) => startTestRun(definition, input) }),
    stop: useMutation({ mutationFn: (run: string) => api<void>(`${base}/${encodeURIComponent(run)}`, { method: 'DELETE' }) }),
  };
}
