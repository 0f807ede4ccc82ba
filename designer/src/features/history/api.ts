import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Paged } from '../../api/types';
import type { InstanceDetails, InstanceSummary, JournalRecord } from './types';

export const instancesKey = ['instances'] as const;

export interface InstanceFilters {
  definitionId?: string;
  parentInstanceId?: string;
  version?: string;
  drill?: string;
  status?: string;
  subStatus?: string;
  correlationId?: string;
  hasIncidents?: string;
  createdFrom?: string;
  createdTo?: string;
  page: number;
  pageSize: number;
}

export function useInstances(filters: InstanceFilters) {
  return useQuery({
    queryKey: [...instancesKey, 'list', filters],
    queryFn: ({ signal }) => api<Paged<InstanceSummary>>('/api/workflow-instances', { query: { ...filters }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useInstance(id: string) {
  return useQuery({
    queryKey: [...instancesKey, 'one', id],
    queryFn: ({ signal }) => api<InstanceDetails>(`/api/workflow-instances/${encodeURIComponent(id)}`, { signal }),
  });
}

/** The journal is read a page at a time; the viewer shows up to this many records. */
export const journalLimit = 5000;

export function useJournal(id: string) {
  return useQuery({
    queryKey: [...instancesKey, 'journal', id],
    queryFn: async ({ signal }) => {
      const records: JournalRecord[] = [];
      for (let page = 1; records.length < journalLimit; page++) {
        const found = await api<Paged<JournalRecord>>(`/api/workflow-instances/${encodeURIComponent(id)}/journal`, { query: { page, pageSize: 200 }, signal });
        records.push(...found.items);
        if (page * found.pageSize >= found.total || found.items.length === 0) return { records, total: found.total };
      }
      return { records, total: records.length };
    },
  });
}

export function useInstanceActions(id: string) {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: instancesKey });
  const cancel = useMutation({ mutationFn: () => api<InstanceSummary>(`/api/workflow-instances/${encodeURIComponent(id)}/cancel`, { method: 'POST' }), onSuccess: refresh });
  const retry = useMutation({
    mutationFn: (incidentId: string) => api<InstanceSummary>(`/api/workflow-instances/${encodeURIComponent(id)}/incidents/${encodeURIComponent(incidentId)}/retry`, { method: 'POST' }),
    onSuccess: refresh,
  });
  return { cancel, retry };
}

/** A definition's version as Elsa JSON (the canvas draws the version the instance runs). */
export function useDefinitionVersion(definitionId: string | undefined, version: number | undefined) {
  return useQuery({
    queryKey: ['definitions', 'version', definitionId, version],
    queryFn: ({ signal }) => api<import('../designer/elsa').ElsaDefinition>(`/api/workflow-definitions/${encodeURIComponent(definitionId!)}`, { query: { version }, signal }),
    enabled: !!definitionId && !!version,
    staleTime: Infinity,
  });
}
