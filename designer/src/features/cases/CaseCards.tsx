import { Card, Descriptions, List, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DueTag } from '../tasks/DueTag';
import { useCustomerCases } from './api';
import type { CaseDetails, LinkedCase, SlaClock } from './types';

export const caseStatusColor: Record<string, string> = {
  New: 'blue',
  InProgress: 'processing',
  Escalated: 'red',
  Resolved: 'green',
  FollowUp: 'cyan',
  Closed: 'default',
  Redirected: 'default',
  Archived: 'default',
};

/** A case's facts, its description and its SLA clocks as countdowns. */
export function CaseCard({ details, now, link }: { details: CaseDetails; now: number; link?: boolean }) {
  const { t } = useTranslation();
  const title = t('task.case', { number: details.number });
  return (
    <Card title={link ? <Link to={`/cases/${encodeURIComponent(details.number)}`}>{title}</Link> : title} data-testid="task-case">
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('case.type')}>
          <Space size={4}>{t(`case.types.${details.type}`)}{details.isDrill && <Tag color="purple">{t('inbox.drill')}</Tag>}</Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('case.status')}><Tag color={caseStatusColor[details.status]}>{t(`case.statuses.${details.status}`)}</Tag></Descriptions.Item>
        <Descriptions.Item label={t('case.category')}>{details.category ? t(`categories.${details.category}`, { defaultValue: details.category }) : t('case.unclassified')}</Descriptions.Item>
        <Descriptions.Item label={t('case.channel')}>{t(`case.channels.${details.channel}`)}</Descriptions.Item>
        <Descriptions.Item label={t('case.priorityLabel')}>{t(`priority.${details.priority}`)}</Descriptions.Item>
        <Descriptions.Item label={t('case.owner')}>{details.owner ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('case.opened')}>{dayjs(details.createdAt).format('YYYY-MM-DD HH:mm')}</Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 8 }} data-testid="task-case-description">{details.description}</Typography.Paragraph>
      {details.slas.length > 0 && (
        <>
          <Typography.Text strong>{t('case.slas')}</Typography.Text>
          <Space orientation="vertical" size={4} style={{ width: '100%', marginTop: 6 }} data-testid="task-slas">
            {details.slas.map((clock) => <SlaLine key={clock.id} clock={clock} now={now} />)}
          </Space>
        </>
      )}
    </Card>
  );
}

function SlaLine({ clock, now }: { clock: SlaClock; now: number }) {
  const { t } = useTranslation();
  const color = clock.status === 'Breached' ? 'error' : clock.status === 'Met' ? 'success' : 'default';
  return (
    <Space size={6} wrap>
      <Typography.Text>{t(`sla.names.${clock.name}`, { defaultValue: clock.name })}</Typography.Text>
      {clock.status === 'Running' ? <DueTag dueAt={clock.dueAt} now={now} /> : <Tag color={color}>{t(`sla.statuses.${clock.status}`)}</Tag>}
    </Space>
  );
}

/** The customer and their other cases, newest first. */
export function CustomerCard({ details }: { details: CaseDetails }) {
  const { t } = useTranslation();
  const customer = details.customer!;
  const history = useCustomerCases(customer.id);
  const others = (history.data?.items ?? []).filter((other) => other.id !== details.id);
  return (
    <Card title={t('task.customer')} data-testid="task-customer">
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('case.customerName')}>
          <Space size={4}>{customer.name}{customer.segment === 'Vip' && <Tag color="gold">VIP</Tag>}</Space>
        </Descriptions.Item>
        {customer.phone && <Descriptions.Item label={t('case.phone')}>{customer.phone}</Descriptions.Item>}
        {customer.email && <Descriptions.Item label={t('case.email')}>{customer.email}</Descriptions.Item>}
      </Descriptions>
      <Typography.Text strong>{t('task.otherCases', { count: others.length })}</Typography.Text>
      {others.length === 0 ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 4 }}>{history.isLoading ? t('shell.loading') : t('task.firstCase')}</Typography.Paragraph>
      ) : (
        <Space orientation="vertical" size={2} style={{ width: '100%', marginTop: 4 }} data-testid="task-customer-cases">
          {others.map((other) => (
            <Space key={other.id} size={6} wrap>
              <Link to={`/cases/${encodeURIComponent(other.number)}`}><Typography.Text code>{other.number}</Typography.Text></Link>
              <Typography.Text>{other.category ? t(`categories.${other.category}`, { defaultValue: other.category }) : t(`case.types.${other.type}`)}</Typography.Text>
              <Tag color={caseStatusColor[other.status]}>{t(`case.statuses.${other.status}`)}</Tag>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{dayjs(other.createdAt).format('YYYY-MM-DD')}</Typography.Text>
            </Space>
          ))}
        </Space>
      )}
    </Card>
  );
}

/** A value of a form or a case field as text. */

/** The cases this one belongs with: its emergency (opens on the board), the cases linked to an emergency, follow-up cases. */
export function LinkedCases({ links }: { links: LinkedCase[] }) {
  const { t } = useTranslation();
  return (
    <Card title={t('casePage.links', { count: links.length })} size="small" data-testid="case-links">
      <List
        size="small"
        dataSource={links}
        renderItem={(link) => (
          <List.Item>
            <Space orientation="vertical" size={0}>
              <Space size={6} wrap>
                <Tag color={link.relation === 'Emergency' ? 'red' : 'default'}>{t(`casePage.relations.${link.relation}`)}</Tag>
                <Link to={link.type === 'Emergency' || link.type === 'Drill' ? `/emergencies/${encodeURIComponent(link.number)}` : `/cases/${encodeURIComponent(link.number)}`}>{link.number}</Link>
                <Typography.Text type="secondary">{t(`case.types.${link.type}`, { defaultValue: link.type })} · {t(`case.statuses.${link.status}`, { defaultValue: link.status })}</Typography.Text>
              </Space>
              {link.reason && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{link.reason}</Typography.Text>}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
