import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Paged } from '../../api/types';
import type { Task, TaskFilters, TaskSort, TaskView } from './types';

export const tasksKey = ['tasks'] as const;

export interface InboxQuery {
  view: TaskView;
  page: number;
  pageSize: number;
  sort: TaskSort;
  filters: TaskFilters;
}

/** A page of an inbox; `totalIsCapped`: the server stopped counting at `total`. */
export type InboxPage = Paged<Task> & { totalIsCapped?: boolean };

export function useInbox(query: InboxQuery) {
  return useQuery({
    queryKey: [...tasksKey, 'list', query],
    queryFn: ({ signal }) =>
      api<InboxPage>('/api/tasks', { query: { view: query.view, page: query.page, pageSize: query.pageSize, sort: query.sort === 'due' ? undefined : query.sort, ...query.filters }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** The categories of complaints and inquiries, as configured on the server. */
export function useCategories() {
  return useQuery({
    queryKey: ['cases', 'categories'],
    queryFn: ({ signal }) => api<{ complaint: string[]; inquiry: string[] }>('/api/cases/categories', { signal }),
    staleTime: 10 * 60_000,
  });
}

export const taskQuery = (id: string) =>
  queryOptions({
    queryKey: [...tasksKey, 'one', id],
    queryFn: ({ signal }) => api<Task>(`/api/tasks/${encodeURIComponent(id)}`, { signal }),
  });

export function useTask(id: string) {
  return useQuery(taskQuery(id));
}

/** Claim, release and complete: each answers the task as it now is, which replaces the cached one; inboxes refetch. */
export function useTaskActions() {
  const client = useQueryClient();
  const settle = (task: Task) => {
    client.setQueryData(taskQuery(task.id).queryKey, task);
    void client.invalidateQueries({ queryKey: [...tasksKey, 'list'] });
    if (task.caseId) void client.invalidateQueries({ queryKey: ['cases', 'one', task.caseId] });
  };
  const claim = useMutation({
    mutationFn: (id: string) => api<Task>(`/api/tasks/${encodeURIComponent(id)}/claim`, { method: 'POST' }),
    onSuccess: settle,
  });
  const release = useMutation({
    mutationFn: (id: string) => api<Task>(`/api/tasks/${encodeURIComponent(id)}/release`, { method: 'POST' }),
    onSuccess: settle,
  });
  const complete = useMutation({
    mutationFn: ({ id, outcome, data }: { id: string; outcome: string; data: Record<string, unknown> }) =>
      api<Task>(`/api/tasks/${encodeURIComponent(id)}/complete`, { method: 'POST', body: { outcome, data } }),
    onSuccess: settle,
  });
  return { claim, release, complete };
}
