import { Alert, Button, DatePicker, Empty, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { HeatMapOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useDefinitions } from '../definitions/api';
import { describeError } from '../shell/errors';
import { useVersions } from '../heatmap/api';
import { useInstances } from './api';
import type { InstanceSummary } from './types';

export const subStatusColor: Record<string, string> = { Pending: 'default', Executing: 'processing', Suspended: 'blue', Finished: 'success', Cancelled: 'default', Faulted: 'error' };
const subStatuses = ['Executing', 'Suspended', 'Finished', 'Cancelled', 'Faulted'];

/** Every workflow run, newest first: by definition and version, state, incidents, drills, start date and correlation (a case's id or number). */
export function RunHistoryPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const definitions = useDefinitions('', 1, 200);
  const filters = {
    definitionId: params.get('definitionId') ?? undefined,
    version: params.get('definitionId') ? (params.get('version') ?? undefined) : undefined,
    drill: params.get('drill') ?? undefined,
    createdFrom: params.get('createdFrom') ?? undefined,
    createdTo: params.get('createdTo') ?? undefined,
    subStatus: params.get('subStatus') ?? undefined,
    hasIncidents: params.get('hasIncidents') ?? undefined,
    correlationId: params.get('correlationId') ?? undefined,
    page: Math.max(1, Number(params.get('page')) || 1),
    pageSize: [10, 25, 50, 100].includes(Number(params.get('pageSize'))) ? Number(params.get('pageSize')) : 25,
  };
  const runs = useInstances(filters);
  const versions = useVersions(filters.definitionId);
  const set = (name: string, value?: string | number) => {
    const next = new URLSearchParams(params);
    if (value === undefined || value === '') next.delete(name);
    else next.set(name, String(value));
    if (name !== 'page' && name !== 'pageSize') next.delete('page');
    if (name === 'definitionId') next.delete('version');
    setParams(next, { replace: true });
  };
  const filtered = ['definitionId', 'version', 'drill', 'createdFrom', 'createdTo', 'subStatus', 'hasIncidents', 'correlationId'].some((name) => params.get(name));
  const setDates = (range: [Dayjs | null, Dayjs | null] | null) => {
    const next = new URLSearchParams(params);
    if (range?.[0] && range[1]) {
      next.set('createdFrom', range[0].format('YYYY-MM-DD'));
      next.set('createdTo', range[1].format('YYYY-MM-DD'));
    } else {
      next.delete('createdFrom');
      next.delete('createdTo');
    }
    next.delete('page');
    setParams(next, { replace: true });
  };
  const heatmapLink = `/runs/heatmap${filters.definitionId ? `?definitionId=${encodeURIComponent(filters.definitionId)}${filters.version ? `&version=${filters.version}` : ''}` : ''}`;

  const columns: ColumnsType<InstanceSummary> = [
    {
      title: t('runs.workflow'),
      dataIndex: 'definitionId',
      render: (_, run) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/runs/${encodeURIComponent(run.id)}`} data-testid="run-link">{run.name ?? run.definitionId}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{`${run.definitionId} · v${run.version} · ${run.id.slice(0, 12)}`}</Typography.Text>
        </Space>
      ),
    },
    { title: t('runs.state'), dataIndex: 'subStatus', width: 130, render: (value: string) => <Tag color={subStatusColor[value]}>{t(`runs.subStatuses.${value}`)}</Tag> },
    { title: t('runs.incidents'), dataIndex: 'incidentCount', width: 100, render: (count: number) => (count > 0 ? <Tag color="error">{count}</Tag> : '—') },
    { title: t('runs.correlation'), dataIndex: 'correlationId', width: 220, ellipsis: true, render: (value: string | null) => value ?? '—' },
    { title: t('runs.started'), dataIndex: 'createdAt', width: 150, render: (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm') },
    { title: t('runs.finished'), dataIndex: 'finishedAt', width: 150, render: (at: string | null) => (at ? dayjs(at).format('YYYY-MM-DD HH:mm') : '—') },
  ];

  return (
    <div className="page" data-testid="runs">
      <div className="page__header">
        <Typography.Title level={3} style={{ margin: 0 }}>{t('runs.title')}</Typography.Title>
        <Link to={heatmapLink}><Button icon={<HeatMapOutlined />} data-testid="runs-heatmap">{t('heatmap.open')}</Button></Link>
      </div>
      <Space wrap>
        <Select
          allowClear
          showSearch
          style={{ width: 240 }}
          placeholder={t('runs.workflow')}
          value={filters.definitionId}
          onChange={(value?: string) => set('definitionId', value)}
          options={(definitions.data?.items ?? []).map((d) => ({ value: d.definitionId, label: d.name ?? d.definitionId }))}
          optionFilterProp="label"
          data-testid="runs-filter-definition"
        />
        <Select
          allowClear
          style={{ width: 130 }}
          placeholder={t('heatmap.version')}
          disabled={!filters.definitionId}
          value={filters.version ? Number(filters.version) : undefined}
          onChange={(value?: number) => set('version', value)}
          options={(versions.data?.items ?? []).map((v) => ({ value: v.version, label: `v${v.version}` }))}
          data-testid="runs-filter-version"
        />
        <Select allowClear style={{ width: 150 }} placeholder={t('runs.state')} value={filters.subStatus} onChange={(value?: string) => set('subStatus', value)} options={subStatuses.map((value) => ({ value, label: t(`runs.subStatuses.${value}`) }))} data-testid="runs-filter-state" />
        <Select allowClear style={{ width: 170 }} placeholder={t('runs.incidents')} value={filters.hasIncidents} onChange={(value?: string) => set('hasIncidents', value)} options={[{ value: 'true', label: t('runs.withIncidents') }, { value: 'false', label: t('runs.withoutIncidents') }]} data-testid="runs-filter-incidents" />
        <Select allowClear style={{ width: 150 }} placeholder={t('runs.drills')} value={filters.drill} onChange={(value?: string) => set('drill', value)} options={[{ value: 'false', label: t('runs.withoutDrills') }, { value: 'true', label: t('runs.onlyDrills') }]} data-testid="runs-filter-drill" />
        <DatePicker.RangePicker
          value={filters.createdFrom && filters.createdTo ? [dayjs(filters.createdFrom), dayjs(filters.createdTo)] : null}
          onChange={(range) => setDates(range as [Dayjs | null, Dayjs | null] | null)}
          placeholder={[t('runs.startedFrom'), t('runs.startedTo')]}
          data-testid="runs-filter-dates"
        />
        <Input.Search allowClear style={{ width: 260 }} placeholder={t('runs.correlationPlaceholder')} defaultValue={filters.correlationId} onSearch={(value) => set('correlationId', value.trim())} data-testid="runs-filter-correlation" />
        {filtered && <Button onClick={() => setParams(new URLSearchParams(), { replace: true })}>{t('inbox.clearFilters')}</Button>}
      </Space>
      {runs.isError && <Alert type="error" showIcon title={t('runs.loadFailed')} description={describeError(runs.error, t)} action={<Button onClick={() => void runs.refetch()}>{t('shell.retry')}</Button>} />}
      <Table<InstanceSummary>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={runs.data?.items ?? []}
        loading={runs.isLoading}
        locale={{ emptyText: runs.isLoading ? ' ' : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filtered ? t('runs.noMatch') : t('runs.none')} /> }}
        pagination={{
          current: filters.page,
          pageSize: filters.pageSize,
          total: runs.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [10, 25, 50, 100],
          showTotal: (total) => t('runs.total', { count: total }),
          onChange: (page, size) => {
            const next = new URLSearchParams(params);
            next.set('page', String(page));
            next.set('pageSize', String(size));
            setParams(next, { replace: true });
          },
        }}
        data-testid="runs-table"
      />
    </div>
  );
}
