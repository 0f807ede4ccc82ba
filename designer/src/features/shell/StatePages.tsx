import { Button, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { describeError } from './errors';

export function FullPageSpinner() {
  const { t } = useTranslation();
  return (
    <div style={{ display: 'grid', placeItems: 'center', height: '100vh' }}>
      <Spin size="large" tip={t('shell.loading')}>
        <div style={{ width: 120, height: 60 }} />
      </Spin>
    </div>
  );
}

export function FullPageError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <Result
      status="warning"
      title={t('shell.serverUnreachable')}
      subTitle={describeError(error, t)}
      extra={<Button type="primary" onClick={onRetry}>{t('shell.retry')}</Button>}
    />
  );
}
