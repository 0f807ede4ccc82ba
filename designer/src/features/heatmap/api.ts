import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { DefinitionVersionSummary } from '../../api/types';
import type { ActivityHeatmap } from './types';

export interface HeatmapQuery {
  definitionId: string;
  version?: number;
  from: string;
  to: string;
  drills: boolean;
}

export function useHeatmap(query: HeatmapQuery | null) {
  return useQuery({
    queryKey: ['heatmap', query],
    queryFn: ({ signal }) =>
      api<ActivityHeatmap>(`/api/workflow-definitions/${encodeURIComponent(query!.definitionId)}/heatmap`, {
        query: { version: query!.version, from: query!.from, to: query!.to, drills: query!.drills ? 'true' : undefined },
        signal,
      }),
    enabled: query !== null,
    placeholderData: keepPreviousData,
  });
}

export function useVersions(definitionId: string | undefined) {
  return useQuery({
    queryKey: ['definitions', 'versions', definitionId],
    queryFn: ({ signal }) => api<{ items: DefinitionVersionSummary[] }>(`/api/workflow-definitions/${encodeURIComponent(definitionId!)}/versions`, { signal }),
    enabled: !!definitionId,
  });
}
