import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { DefinitionIssue, DefinitionVersionSummary, SavedDraft } from '../../api/types';
import { definitionsKey } from '../definitions/api';
import type { ElsaDefinition } from './elsa';

export interface InputDescriptor {
  name: string;
  typeName: string;
  displayName: string;
  description?: string | null;
  uiHint?: string | null;
  category?: string | null;
  defaultValue?: unknown;
  defaultSyntax?: string;
  isRequired?: boolean;
  isWrapped?: boolean;
  isReadOnly?: boolean;
  isBrowsable?: boolean;
  order?: number;
  options?: string[] | null;
}

export interface ActivityDescriptor {
  typeName: string;
  name?: string;
  category?: string;
  displayName?: string;
  description?: string | null;
  kind?: string;
  isStart?: boolean;
  isTerminal?: boolean;
  outcomes?: string[];
  dynamicOutcomesInput?: string | null;
  inputs?: InputDescriptor[];
  [key: string]: unknown;
}

export const contentKey = (definitionId: string) => [...definitionsKey, 'content', definitionId] as const;

export const descriptorsQuery = queryOptions({
  queryKey: ['activity-descriptors'],
  queryFn: ({ signal }) => api<{ items: ActivityDescriptor[] }>('/api/activity-descriptors', { signal }),
  staleTime: Infinity,
});

export const definitionQuery = (definitionId: string) =>
  queryOptions({
    queryKey: contentKey(definitionId),
    queryFn: ({ signal }) => api<ElsaDefinition>(`/api/workflow-definitions/${encodeURIComponent(definitionId)}`, { signal }),
    staleTime: Infinity,
    enabled: definitionId.length > 0,
  });

export function useActivityDescriptors() {
  return useQuery(descriptorsQuery);
}

export function useDefinition(definitionId: string) {
  return useQuery(definitionQuery(definitionId));
}

export function useSaveDraft() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (definition: ElsaDefinition) => api<SavedDraft>('/api/workflow-definitions', { method: 'POST', body: definition }),
    onSuccess: () => client.invalidateQueries({ queryKey: [...definitionsKey, 'list'] }),
  });
}

export function usePublish() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (definitionId: string) => api<DefinitionVersionSummary>(`/api/workflow-definitions/${encodeURIComponent(definitionId)}/publish`, { method: 'POST' }),
    onSuccess: () => client.invalidateQueries({ queryKey: definitionsKey }),
  });
}

export function useRetract() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (definitionId: string) => api<DefinitionVersionSummary>(`/api/workflow-definitions/${encodeURIComponent(definitionId)}/retract`, { method: 'POST' }),
    onSuccess: () => client.invalidateQueries({ queryKey: definitionsKey }),
  });
}

export function validateDefinition(definition: ElsaDefinition, signal?: AbortSignal) {
  return api<{ valid: boolean; errors: DefinitionIssue[] }>('/api/workflow-definitions/validate', { method: 'POST', body: definition, signal });
}
