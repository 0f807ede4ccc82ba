import { useEffect, useState } from 'react';
import { useQueryClient, type Query, type QueryClient } from '@tanstack/react-query';

/** One change the server announced (`GET /api/live`): a task or a case, by id. */
export interface LiveChange {
  kind: 'task' | 'case';
  id: string;
  caseId: string | null;
}

export type LiveState = 'connecting' | 'live' | 'reconnecting';

/** The cached queries a change makes stale: inbox pages, the task itself, its case (see {@link showsCase}). */
export function staleKeys(change: LiveChange): readonly (readonly unknown[])[] {
  const keys: (readonly unknown[])[] = [];
  if (change.kind === 'task') keys.push(['tasks', 'list'], ['tasks', 'one', change.id]);
  if (change.caseId) keys.push(['cases', 'one', change.caseId]);
  // The emergency board shows few emergencies: any case change may be one of them (a stage, a report, a link).
  // The same for an open dashboard: its figures count cases.
  if (change.kind === 'case') keys.push(['emergencies'], ['kpis']);
  return keys;
}

/**
 * Whether a cached query shows (or may show) the case: a case page is cached under the id or the number it was opened
 * by; one still loading its first answer may be this case too, and that answer may predate the change.
 */
export function showsCase(query: Pick<Query, 'queryKey' | 'state'>, caseId: string): boolean {
  const [area, kind, key] = query.queryKey;
  if (area !== 'cases' || kind !== 'one') return false;
  const data = query.state.data as { id?: string } | undefined;
  return key === caseId || data === undefined || data.id === caseId;
}

// Changes come in bursts (a completion saves the task, the case and its timeline): one refetch per burst.
const batchMs = 100;

function invalidateSoon(client: QueryClient, pending: Map<string, readonly unknown[]>, timer: { id: number | null }) {
  if (timer.id !== null) return;
  timer.id = window.setTimeout(() => {
    timer.id = null;
    const keys = [...pending.values()];
    pending.clear();
    for (const queryKey of keys) {
      const [area, kind, id] = queryKey;
      // A case's page may be cached under its number: matched by the id of what it holds.
      if (area === 'cases' && kind === 'one' && typeof id === 'string') void client.invalidateQueries({ predicate: (query) => showsCase(query, id) });
      else void client.invalidateQueries({ queryKey });
    }
  }, batchMs);
}

/**
 * Keeps the app's data current: listens to the server's change stream and refetches what a change makes stale. On
 * every (re)connection it refetches tasks and cases, since changes may have been missed while away; the browser
 * reconnects by itself after a lost connection.
 */
export function useLiveUpdates(enabled: boolean): LiveState {
  const client = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/live');
    const pending = new Map<string, readonly unknown[]>();
    const timer = { id: null as number | null };
    let connectedBefore = false;
    const refetchAll = () => {
      pending.set('tasks', ['tasks']);
      pending.set('cases', ['cases']);
      invalidateSoon(client, pending, timer);
    };
    source.addEventListener('ready', () => {
      setState('live');
      if (connectedBefore) refetchAll();
      connectedBefore = true;
    });
    source.addEventListener('reset', refetchAll);
    source.addEventListener('change', (event) => {
      let change: LiveChange;
      try {
        change = JSON.parse((event as MessageEvent<string>).data) as LiveChange;
      } catch {
        return;
      }
      for (const key of staleKeys(change)) pending.set(JSON.stringify(key), key);
      invalidateSoon(client, pending, timer);
    });
    source.onerror = () => setState('reconnecting');
    return () => {
      source.close();
      if (timer.id !== null) window.clearTimeout(timer.id);
    };
  }, [client, enabled]);
  return enabled ? state : 'connecting';
}
