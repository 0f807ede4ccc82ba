import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Paged } from '../../api/types';
import type { CaseDetails, CaseSummary } from './types';

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
