import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useMe } from './session';
import { FullPageError, FullPageSpinner } from '../shell/StatePages';

/** Renders its children for a signed-in user; otherwise sends them to sign in, remembering where they were going. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <FullPageSpinner />;
  if (me.isError) return <FullPageError error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data) {
    const from = `${location.pathname}${location.search}${location.hash}`;
    return <Navigate to={`/sign-in?from=${encodeURIComponent(from)}`} replace />;
  }
  return <>{children}</>;
}
