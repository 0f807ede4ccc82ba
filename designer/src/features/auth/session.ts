import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, UnauthorizedError } from '../../api/client';
import type { Me } from '../../api/types';

export const meKey = ['auth', 'me'] as const;

/** The signed-in user; `data` is null when there is no session (a 401 here is an answer, not an error). */
export const meQuery = queryOptions({
  queryKey: meKey,
  queryFn: async ({ signal }) => {
    try {
      return await api<Me>('/api/auth/me', { signal, anonymous: true });
      } catch (error) {
        if (error instanceof UnauthorizedError) return null;
        throw error;
      }
    },
    staleTime: 60_000,
    retry: false,
});

export function useMe() {
  return useQuery(meQuery);
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (credentials: { username: string; password: string }) =>
      api<Me>('/api/auth/login', { method: 'POST', body: credentials, anonymous: true }),
    onSuccess: (me) => {
      client.clear();
      client.setQueryData(meKey, me);
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('/api/auth/logout', { method: 'POST', anonymous: true }),
    onSettled: () => {
      client.clear();
      client.setQueryData(meKey, null);
    },
  });
}

export function hasAnyRole(me: Me | null | undefined, roles: readonly string[]): boolean {
  return !!me && me.roles.some((role) => roles.includes(role));
}
