import { useState } from 'react';
import { Alert, Button, Card, Empty, Progress, Space, Switch, Tag, Tooltip, Typography } from 'antd';
import { AlertOutlined, FireOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { Roles } from '../../api/types';
import { hasAnyRole, useMe } from '../auth/session';
import { describeError } from '../shell/errors';
import { formatSpan } from '../tasks/DueTag';
import { useNow } from '../tasks/due';
import { useActiveEmergencies } from './api';
import { RaiseEmergencyDrawer } from './RaiseEmergencyDrawer';
import { stages, type Emergency, type ResponseLevel } from './types';

const levels: readonly (ResponseLevel | null)[] = ['I', 'II', 'III', 'IV', null];
export const levelColor: Record<ResponseLevel, string> = { I: '#cf1322', II: '#d46b08', III: '#d4b106', IV: '#1668dc' };

/** The emergencies under way, by response level (I most severe), each with its stage and how long since it began. */
export function EmergencyBoardPage() {
  const { t } = useTranslation();
  const [drills, setDrills] = useState(false);
  const active = useActiveEmergencies(drills);
  const now = useNow(15_000);
  const items = active.data?.items ?? [];
  const me = useMe().data!;
  const navigate = useNavigate();
  const [raising, setRaising] = useState(false);
  const mayRaise = hasAnyRole(me, [Roles.Agent, Roles.Supervisor, Roles.Manager, Roles.ProcessOwner]);

  return (
    <div className="page" data-testid="emergency-board">
      <div className="page__header">
        <Space align="center">
          <Typography.Title level={3} style={{ margin: 0 }}>{t('emergencies.title')}</Typography.Title>
          {active.data && <Tag color={items.length ? 'red' : 'default'} data-testid="emergency-count">{t('emergencies.active', { count: items.length })}</Tag>}
        </Space>
        <Space>
          <Switch size="small" checked={drills} onChange={setDrills} data-testid="emergency-drills" />
          <Typography.Text type="secondary">{t('emergencies.showDrills')}</Typography.Text>
          {mayRaise && <Button type="primary" danger icon={<AlertOutlined />} onClick={() => setRaising(true)} data-testid="emergency-raise">{t('emergencies.raise')}</Button>}
        </Space>
      </div>
      {mayRaise && <RaiseEmergencyDrawer open={raising} onClose={() => setRaising(false)} onRaised={(number) => navigate(`/emergencies/${encodeURIComponent(number)}`)} />}
      {active.isError && <Alert type="error" showIcon title={t('emergencies.loadFailed')} description={describeError(active.error, t)} action={<Button onClick={() => void active.refetch()}>{t('shell.retry')}</Button>} />}
      {active.data && items.length === 0 ? (
        <Card><Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('emergencies.none')} /></Card>
      ) : (
        <div className="emergency-board">
          {levels.map((level) => {
            const shown = items.filter((e) => e.level === level);
            return (
              <div key={level ?? 'none'} className="emergency-board__column" data-testid={`emergency-level-${level ?? 'none'}`}>
                <Typography.Text strong style={{ color: level ? levelColor[level] : undefined }}>
                  {level ? t('emergencies.level', { level }) : t('emergencies.notGraded')} · {shown.length}
                </Typography.Text>
                {shown.length === 0 ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('emergencies.emptyLevel')}</Typography.Text> : shown.map((e) => <EmergencyCard key={e.id} emergency={e} now={now} />)}
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}

function EmergencyCard({ emergency, now }: { emergency: Emergency; now: number }) {
  const { t } = useTranslation();
  const current = stages.indexOf(emergency.stage);
  const minutes = Math.max(0, Math.floor((now - Date.parse(emergency.occurredAt)) / 60_000));
  return (
    <Card size="small" className="emergency-card" style={{ borderLeftColor: emergency.level ? levelColor[emergency.level] : '#d9d9d9' }} data-testid="emergency-card">
      <Space orientation="vertical" size={4} style={{ width: '100%' }}>
        <Space size={6} wrap>
          <Link to={`/emergencies/${encodeURIComponent(emergency.number)}`} data-testid="emergency-link"><Typography.Text strong>{emergency.number}</Typography.Text></Link>
          {emergency.red && <Tooltip title={t('emergencies.redHint')}><Tag color="red" icon={<FireOutlined />}>{t('emergencies.red')}</Tag></Tooltip>}
          {emergency.isDrill && <Tag color="purple">{t('inbox.drill')}</Tag>}
        </Space>
        <Typography.Text>{t(`emergencies.eventTypes.${emergency.eventType}`, { defaultValue: emergency.eventType })}</Typography.Text>
        <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>{emergency.description}</Typography.Text>
        <Tooltip title={t(`emergencies.stages.${emergency.stage}`)}>
          <Progress steps={5} percent={((Math.min(current, 4) + 1) / 5) * 100} showInfo={false} size={[32, 6]} strokeColor={emergency.level ? levelColor[emergency.level] : '#8c8c8c'} />
        </Tooltip>
        <Space size={6} wrap style={{ fontSize: 12 }}>
          <Tag>{t(`emergencies.stages.${emergency.stage}`)}</Tag>
          <Typography.Text type="secondary">{t('emergencies.since', { span: formatSpan(minutes, t), at: dayjs(emergency.occurredAt).format('MM-DD HH:mm') })}</Typography.Text>
        </Space>
      </Space>
    </Card>
  );
}
