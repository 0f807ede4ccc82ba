import type { ReactNode } from 'react';
import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { hasAnyRole, useMe } from './session';

/** Renders its page for users with one of the roles; others see why not (the server refuses them the data anyway). */
export function RequireRole({ roles, children }: { roles: readonly string[]; children: ReactNode }) {
  const { t } = useTranslation();
  const me = useMe().data;
  if (hasAnyRole(me, roles)) return <>{children}</>;
  return (
    <Result
      status="403"
      title="403"
      subTitle={t('errors.forbidden')}
      extra={<Link to="/"><Button type="primary">{t('shell.backHome')}</Button></Link>}
      data-testid="forbidden"
    />
  );
}
