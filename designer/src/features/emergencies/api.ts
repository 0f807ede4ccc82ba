import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Paged } from '../../api/types';
import type { Emergency, EmergencyDetails, InformationReport, ReportBody } from './types';

export const emergenciesKey = ['emergencies'] as const;

/** The emergencies still open (not closed); drills only when asked for. */
export function useActiveEmergencies(drills: boolean) {
  return useQuery({
    queryKey: [...emergenciesKey, 'active', drills],
    queryFn: ({ signal }) => api<Paged<Emergency>>('/api/emergencies', { query: { active: true, drills: drills ? true : undefined, pageSize: 200 }, signal }),
  });
}

export function useEmergency(idOrNumber: string) {
  return useQuery({
    queryKey: [...emergenciesKey, 'one', idOrNumber],
    queryFn: ({ signal }) => api<EmergencyDetails>(`/api/emergencies/${encodeURIComponent(idOrNumber)}`, { signal }),
  });
}

/** Appends an information report (never rewritten: a follow-up is the next report). */
export function useSubmitReport(idOrNumber: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ReportBody) => api<InformationReport>(`/api/emergencies/${encodeURIComponent(idOrNumber)}/reports`, { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: emergenciesKey }),
  });
}
