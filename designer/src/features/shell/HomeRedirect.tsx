import { Navigate } from 'react-router';
import { useMe } from '../auth/session';
import { itemsFor } from './nav';

/** The start page: the first page the user's roles open, or the shell's "no pages" notice. */
export function HomeRedirect() {
  const me = useMe().data;
  const first = me ? itemsFor(me.roles)[0] : undefined;
  return first ? <Navigate to={first.path} replace /> : null;
}
