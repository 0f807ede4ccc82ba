import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { DefinitionListItem, DeletedDraftResult, ImportResult, Paged, SavedDraft } from '../../api/types';

export const definitionsKey = ['definitions'] as const;

export function useDefinitions(search: string, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...definitionsKey, 'list', { search, page, pageSize }],
    queryFn: ({ signal }) => api<Paged<DefinitionListItem>>('/api/workflow-definitions', { query: { search, page, pageSize }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useImportDefinitions() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (json: unknown) => api<ImportResult>('/api/workflow-definitions/import', { method: 'POST', body: json }),
    onSuccess: () => client.invalidateQueries({ queryKey: definitionsKey }),
  });
}

/** Saves a copy of a definition's latest version as a new draft under a new id; resolves to the new definition id. */
export function useDuplicateDefinition() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ definitionId, name }: { definitionId: string; name: string }) => {
      const source = await api<Record<string, unknown>>(`/api/workflow-definitions/${encodeURIComponent(definitionId)}`);
      // A new definition: no version id, definition id or version (the server gives them), the rest as it was.
      const { id: _id, definitionId: _definitionId, version: _version, isLatest: _latest, isPublished: _published, ...content } = source;
      const saved = await api<SavedDraft>('/api/workflow-definitions', { method: 'POST', body: { ...content, definitionId: '', name } });
      return saved.draft.definitionId;
    },
    onSuccess: () => client.invalidateQueries({ queryKey: definitionsKey }),
  });
}

export const exportUrl = (definitionId: string) => `/api/workflow-definitions/${encodeURIComponent(definitionId)}/export`;

/** Throws away a definition's draft; the version before it, if any, is the latest again. */
export function useDeleteDraft() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (definitionId: string) => api<DeletedDraftResult>(`/api/workflow-definitions/${encodeURIComponent(definitionId)}/draft`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: definitionsKey }),
  });
}
