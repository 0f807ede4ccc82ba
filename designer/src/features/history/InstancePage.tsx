import { useMemo } from 'react';
import { Alert, App, Button, Card, Descriptions, Empty, Popconfirm, Result, Skeleton, Space, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import { ArrowLeftOutlined, RedoOutlined, StopOutlined } from '@ant-design/icons';
import { ReactFlowProvider } from '@xyflow/react';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { Roles } from '../../api/types';
import { hasAnyRole, useMe } from '../auth/session';
import { useActivityDescriptors, type ActivityDescriptor } from '../designer/api';
import { Canvas } from '../designer/Canvas';
import { activityNameIn, useTypeInfos } from '../designer/activityText';
import { describeError } from '../shell/errors';
import { useDefinitionVersion, useInstance, useInstanceActions, useInstances, useJournal } from './api';
import { subStatusColor } from './RunHistoryPage';
import { runPath, type ActivityRun } from './runPath';
import type { InstanceSummary } from './types';

/** A span of milliseconds, readable: 850 ms, 12.4 s, 3 min 5 s, 2 h 10 min. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s % 60)} s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

const noDescriptors: ActivityDescriptor[] = [];

/**
 * One run of a workflow: its flowchart (the version it runs) with the path taken lit up, each activity's executions
 * and time (working and waiting), the journal as a timeline, variables, input and output, what it waits for, and its
 * incidents with retry and cancel for process owners.
 */
export function InstancePage() {
  const { instanceId = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe().data!;
  const instance = useInstance(instanceId);
  const journal = useJournal(instanceId);
  const children = useInstances({ parentInstanceId: instanceId, page: 1, pageSize: 100 });
  const definition = useDefinitionVersion(instance.data?.definitionId, instance.data?.version);
  const descriptors = useActivityDescriptors();
  const actions = useInstanceActions(instanceId);
  const types = useTypeInfos(descriptors.data?.items ?? noDescriptors);
  const path = useMemo(
    () => (definition.data && instance.data && journal.data ? runPath(definition.data, instance.data, journal.data.records) : null),
    [definition.data, instance.data, journal.data],
  );
  const mayOperate = hasAnyRole(me, [Roles.ProcessOwner, Roles.Admin]);

  if (instance.isLoading) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (instance.isError || !instance.data) {
    const status = instance.error instanceof ApiError ? instance.error.status : 0;
    return <Result status={status === 404 ? '404' : 'warning'} title={status === 404 ? t('runs.notFound') : t('runs.loadFailed')} subTitle={describeError(instance.error, t)} extra={<Link to="/runs"><Button type="primary">{t('runs.back')}</Button></Link>} />;
  }
  const run = instance.data;
  const chart = definition.data?.root;
  const nameOf = (id: string) => activityNameIn(chart, types, id);
  const runs = [...(path?.runs.values() ?? [])].sort((a, b) => (a.firstStartedAt ?? '').localeCompare(b.firstStartedAt ?? ''));

  const act = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      message.success(done);
    } catch (error) {
      message.error(describeError(error, t));
    }
  };

  return (
    <div className="page" data-testid="instance-page">
      <div className="page__header">
        <Space orientation="vertical" size={2}>
          <Link to="/runs"><ArrowLeftOutlined /> {t('runs.back')}</Link>
          <Space size={8} wrap align="center">
            <Typography.Title level={3} style={{ margin: 0 }}>{run.name ?? run.definitionId}</Typography.Title>
            <Tag>v{run.version}</Tag>
            <Tag color={subStatusColor[run.subStatus]} data-testid="instance-state">{t(`runs.subStatuses.${run.subStatus}`)}</Tag>
            {run.correlationId && <Typography.Text type="secondary" copyable>{run.correlationId}</Typography.Text>}
            {run.parentInstanceId && <Link to={`/runs/${encodeURIComponent(run.parentInstanceId)}`} data-testid="instance-parent">{t('runs.parent')}</Link>}
          </Space>
        </Space>
        {mayOperate && run.status === 'Running' && (
          <Popconfirm title={t('runs.cancelConfirm')} onConfirm={() => void act(() => actions.cancel.mutateAsync(), t('runs.cancelled'))}>
            <Button danger icon={<StopOutlined />} loading={actions.cancel.isPending} data-testid="instance-cancel">{t('runs.cancel')}</Button>
          </Popconfirm>
        )}
      </div>
      {run.incidents.length > 0 && (
        <Alert
          type="error"
          showIcon
          title={t('runs.incidentsTitle', { count: run.incidents.length })}
          description={
            <Space orientation="vertical" style={{ width: '100%' }}>
              {run.incidents.map((incident) => (
                <Space key={incident.id} wrap data-testid="instance-incident">
                  <Typography.Text strong>{nameOf(incident.activityId)}</Typography.Text>
                  <Typography.Text>{incident.message}</Typography.Text>
                  <Typography.Text type="secondary">{dayjs(incident.timestamp).format('MM-DD HH:mm:ss')}</Typography.Text>
                  {mayOperate && <Button size="small" icon={<RedoOutlined />} onClick={() => void act(() => actions.retry.mutateAsync(incident.id), t('runs.retried'))} loading={actions.retry.isPending}>{t('runs.retry')}</Button>}
                </Space>
              ))}
            </Space>
          }
        />
      )}
      <div className="instance__canvas" data-testid="instance-canvas">
        {definition.data ? (
          <ReactFlowProvider>
            <Canvas definition={definition.data} types={types} issues={new Map()} selectRequest={null} readOnly highlights={path?.highlights} onSelect={() => undefined} />
          </ReactFlowProvider>
        ) : definition.isError ? (
          <Alert type="warning" showIcon title={t('runs.definitionUnavailable')} description={describeError(definition.error, t)} />
        ) : (
          <Skeleton active />
        )}
      </div>
      <Card>
        <Tabs
          items={[
            {
              key: 'activities',
              label: t('runs.activities'),
              children: (
                <Table<ActivityRun>
                  rowKey="activityId"
                  size="small"
                  pagination={false}
                  dataSource={runs}
                  columns={[
                    { title: t('runs.activity'), dataIndex: 'activityId', render: (id: string) => nameOf(id) },
                    { title: t('runs.state'), dataIndex: 'state', width: 120, render: (state: string) => <Tag color={state === 'completed' ? 'success' : state === 'faulted' ? 'error' : state === 'waiting' ? 'blue' : 'processing'}>{t(`runs.activityStates.${state}`)}</Tag> },
                    { title: t('runs.executions'), dataIndex: 'executions', width: 110 },
                    { title: t('runs.elapsed'), dataIndex: 'elapsedMs', width: 140, render: (ms: number) => formatDuration(ms) },
                    { title: t('runs.waiting'), dataIndex: 'waitingMs', width: 140, render: (ms: number) => (ms > 0 ? formatDuration(ms) : '—') },
                  ]}
                  data-testid="instance-activities"
                />
              ),
            },
            {
              key: 'journal',
              label: t('runs.journal', { count: journal.data?.total ?? 0 }),
              children: journal.data?.records.length ? (
                <div className="instance__journal" data-testid="instance-journal">
                  <Timeline
                    items={journal.data.records.map((record) => ({
                      key: record.sequence,
                      color: record.eventName === 'Faulted' ? 'red' : record.eventName === 'Completed' ? 'green' : record.eventName === 'Suspended' ? 'blue' : 'gray',
                      content: (
                        <Space size={6} wrap>
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{dayjs(record.timestamp).format('MM-DD HH:mm:ss.SSS')}</Typography.Text>
                          <Typography.Text strong>{nameOf(record.activityId)}</Typography.Text>
                          <Typography.Text>{t(`testRun.events.${record.eventName}`, { defaultValue: record.eventName })}</Typography.Text>
                          {record.message && <Typography.Text type="danger">{record.message}</Typography.Text>}
                        </Space>
                      ),
                    }))}
                  />
                </div>
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={journal.isLoading ? t('shell.loading') : t('runs.noJournal')} />
              ),
            },
            { key: 'variables', label: t('runs.variables'), children: <Values values={run.variables} empty={t('runs.noVariables')} /> },
            { key: 'children', label: t('runs.children', { count: children.data?.total ?? 0 }), children: <ChildRuns runs={children.data?.items ?? []} loading={children.isLoading} /> },
            {
              key: 'io',
              label: t('runs.io'),
              children: (
                <Space orientation="vertical" style={{ width: '100%' }}>
                  <Typography.Text strong>{t('runs.input')}</Typography.Text>
                  <Values values={run.input} empty={t('runs.none')} />
                  <Typography.Text strong>{t('runs.output')}</Typography.Text>
                  <Values values={run.output} empty={t('runs.none')} />
                </Space>
              ),
            },
            {
              key: 'waits',
              label: t('runs.waits', { count: run.bookmarks.length }),
              children: run.bookmarks.length ? (
                <Descriptions size="small" column={1} bordered>
                  {run.bookmarks.map((b) => (
                    <Descriptions.Item key={b.id} label={nameOf(b.activityId)}>{b.name}{b.dueAt ? ` · ${t('runs.dueAt', { at: dayjs(b.dueAt).format('YYYY-MM-DD HH:mm') })}` : ''}</Descriptions.Item>
                  ))}
                </Descriptions>
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('runs.noWaits')} />
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}

function Values({ values, empty }: { values: Record<string, unknown>; empty: string }) {
  const entries = Object.entries(values);
  if (entries.length === 0) return <Typography.Text type="secondary">{empty}</Typography.Text>;
  return (
    <Descriptions size="small" column={1} bordered>
      {entries.map(([name, value]) => <Descriptions.Item key={name} label={name}><pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{JSON.stringify(value, null, 1)}</pre></Descriptions.Item>)}
    </Descriptions>
  );
}

/** The runs this one started (a child workflow, a recovery plan): each a link to its own page. */
function ChildRuns({ runs, loading }: { runs: InstanceSummary[]; loading: boolean }) {
  const { t } = useTranslation();
  if (runs.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={loading ? t('shell.loading') : t('runs.noChildren')} />;
  return (
    <Table<InstanceSummary>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={runs}
      data-testid="instance-children"
      columns={[
        { title: t('runs.workflow'), dataIndex: 'definitionId', render: (_, child) => <Link to={`/runs/${encodeURIComponent(child.id)}`}>{child.name ?? child.definitionId}</Link> },
        { title: t('runs.state'), dataIndex: 'subStatus', width: 130, render: (value: string) => <Tag color={subStatusColor[value]}>{t(`runs.subStatuses.${value}`)}</Tag> },
        { title: t('runs.started'), dataIndex: 'createdAt', width: 150, render: (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm') },
      ]}
    />
  );
}
