import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Paged } from '../../api/types';
import type { CaseDetails, CaseSummary, NewCase, Note, Transfer } from './types';

export const casesKey = ['cases'] as const;

export const caseQuery = (idOrNumber: string) =>
  queryOptions({
    queryKey: [...casesKey, 'one', idOrNumber],
    queryFn: ({ signal }) => api<CaseDetails>(`/api/cases/${encodeURIComponent(idOrNumber)}`, { signal }),
  });

export function useCase(idOrNumber: string | null | undefined) {
  return useQuery({ ...caseQuery(idOrNumber ?? ''), enabled: !!idOrNumber });
}

/** A customer's cases, newest first (the server's search order). */
export function useCustomerCases(customerId: string | null | undefined) {
  return useQuery({
    queryKey: [...casesKey, 'customer', customerId],
    queryFn: ({ signal }) => api<Paged<CaseSummary>>('/api/cases', { query: { customerId: customerId ?? '', pageSize: 20 }, signal }),
    enabled: !!customerId,
  });
}

export interface CaseSearch {
  search: string;
  status?: string;
  type?: string;
  category?: string;
  page: number;
  pageSize: number;
}

/** Cases the reader may see, newest first. */
export function useCaseSearch(query: CaseSearch, enabled = true) {
  return useQuery({
    queryKey: [...casesKey, 'list', query],
    queryFn: ({ signal }) => api<Paged<CaseSummary>>('/api/cases', { query: { ...query }, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Files a complaint or an inquiry; its workflow starts at once. */
export function useCreateCase() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NewCase) => api<CaseSummary>('/api/cases', { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: [...casesKey, 'list'] }),
  });
}

export function useCaseActions(caseId: string) {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: [...casesKey, 'one'] });
  const addNote = useMutation({
    mutationFn: (text: string) => api<Note>(`/api/cases/${encodeURIComponent(caseId)}/notes`, { method: 'POST', body: { text } }),
    onSuccess: refresh,
  });
  const transfer = useMutation({
    mutationFn: (body: { toOwner: string; reason: string }) => api<Transfer>(`/api/cases/${encodeURIComponent(caseId)}/transfer`, { method: 'POST', body }),
    onSuccess: refresh,
  });
  return { addNote, transfer };
}
