import { useMemo, type ReactNode } from 'react';
import { Alert, Button, Card, Col, DatePicker, Empty, Row, Space, Statistic, Tooltip, Typography } from 'antd';
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { describeError } from '../shell/errors';
import { downloadCsv, toCsv } from './csv';
import { EChart } from './EChart';
import type { KpiCount, KpiReport } from './types';

const dateFormat = 'YYYY-MM-DD';

/**
 * The centre's KPIs for a period, as `GET /api/kpis` reports them (the figures are the API's, never recomputed):
 * volume by category and channel, SLA compliance per clock, first-contact resolution, CSAT, and the backlog now.
 * Drills are left out by the API. Every chart's data downloads as CSV.
 */
export function DashboardPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const from = params.get('from') ?? dayjs().subtract(29, 'day').format(dateFormat);
  const to = params.get('to') ?? dayjs().format(dateFormat);
  const report = useQuery({
    queryKey: ['kpis', from, to],
    queryFn: ({ signal }) => api<KpiReport>('/api/kpis', { query: { from, to }, signal }),
  });
  const setRange = (range: [Dayjs | null, Dayjs | null] | null) => {
    const next = new URLSearchParams(params);
    if (range?.[0] && range[1]) {
      next.set('from', range[0].format(dateFormat));
      next.set('to', range[1].format(dateFormat));
    } else {
      next.delete('from');
      next.delete('to');
    }
    setParams(next, { replace: true });
  };
  const data = report.data;
  const period = `${from}_${to}`;

  return (
    <div className="page" data-testid="dashboard">
      <div className="page__header">
        <Typography.Title level={3} style={{ margin: 0 }}>{t('dashboard.title')}</Typography.Title>
        <Space wrap>
          <DatePicker.RangePicker
            allowClear={false}
            value={[dayjs(from), dayjs(to)]}
            onChange={(range) => setRange(range as [Dayjs | null, Dayjs | null] | null)}
            presets={[
              { label: t('dashboard.presets.today'), value: [dayjs(), dayjs()] },
              { label: t('dashboard.presets.week'), value: [dayjs().subtract(6, 'day'), dayjs()] },
              { label: t('dashboard.presets.month'), value: [dayjs().subtract(29, 'day'), dayjs()] },
              { label: t('dashboard.presets.quarter'), value: [dayjs().subtract(89, 'day'), dayjs()] },
            ]}
            data-testid="dashboard-period"
          />
          <Tooltip title={t('inbox.refresh')}><Button icon={<ReloadOutlined />} onClick={() => void report.refetch()} loading={report.isFetching} aria-label={t('inbox.refresh')} /></Tooltip>
        </Space>
      </div>
      {report.isError && <Alert type="error" showIcon title={t('dashboard.loadFailed')} description={describeError(report.error, t)} action={<Button onClick={() => void report.refetch()}>{t('shell.retry')}</Button>} />}
      {data && (
        <>
          <Row gutter={[12, 12]}>
            <Stat title={t('dashboard.cases')} value={data.volume.total} testId="kpi-cases" />
            <Stat title={t('dashboard.slaMet')} value={data.sla.metPercent} suffix="%" hint={t('dashboard.slaMetHint', { met: data.sla.met, breached: data.sla.breached })} testId="kpi-sla" />
            <Stat title={t('dashboard.fcr')} value={data.firstContactResolution.percent} suffix="%" hint={t('dashboard.fcrHint', { without: data.firstContactResolution.withoutEscalation, resolved: data.firstContactResolution.resolvedComplaints })} testId="kpi-fcr" />
            <Stat title={t('dashboard.csat')} value={data.csat.averageScore} suffix="/ 5" hint={t('dashboard.csatHint', { answered: data.csat.answered, sent: data.csat.sent })} testId="kpi-csat" />
            <Stat title={t('dashboard.openCases')} value={data.backlog.openCases} testId="kpi-open-cases" />
            <Stat title={t('dashboard.overdueTasks')} value={data.backlog.overdueTasks} hint={t('dashboard.overdueHint', { open: data.backlog.openTasks })} testId="kpi-overdue" danger={data.backlog.overdueTasks > 0} />
          </Row>
          <Row gutter={[12, 12]}>
            <Col xs={24} xl={12}>
              <CountsChart title={t('dashboard.byCategory')} counts={data.volume.byCategory} label={(key) => (key === 'unclassified' ? t('case.unclassified') : t(`categories.${key}`, { defaultValue: key }))} file={`volume-by-category_${period}.csv`} testId="chart-category" />
            </Col>
            <Col xs={24} xl={12}>
              <CountsChart title={t('dashboard.byChannel')} counts={data.volume.byChannel} label={(key) => t(`case.channels.${capitalize(key)}`, { defaultValue: key })} file={`volume-by-channel_${period}.csv`} pie testId="chart-channel" />
            </Col>
            <Col xs={24} xl={12}>
              <SlaChart report={data} file={`sla-by-clock_${period}.csv`} />
            </Col>
            <Col xs={24} xl={12}>
              <CountsChart title={t('dashboard.backlog')} counts={data.backlog.openCasesByStatus} label={(key) => t(`case.statuses.${key}`, { defaultValue: key })} file={`backlog-by-status_${period}.csv`} testId="chart-backlog" />
            </Col>
          </Row>
        </>
      )}
    </div>
  );
}

const capitalize = (key: string) => key.charAt(0).toUpperCase() + key.slice(1);

function Stat({ title, value, suffix, hint, testId, danger }: { title: string; value: number | null; suffix?: string; hint?: string; testId: string; danger?: boolean }) {
  const { t } = useTranslation();
  return (
    <Col xs={12} md={8} xl={4}>
      <Card size="small" data-testid={testId}>
        <Statistic title={title} value={value ?? t('dashboard.none')} suffix={value === null ? undefined : suffix} styles={{ content: danger ? { color: '#cf1322' } : undefined }} />
        {hint && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{hint}</Typography.Text>}
      </Card>
    </Col>
  );
}

function ChartCard({ title, onCsv, children, testId }: { title: string; onCsv: () => void; children: ReactNode; testId: string }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={title} extra={<Button size="small" icon={<DownloadOutlined />} onClick={onCsv} data-testid={`${testId}-csv`}>{t('dashboard.csv')}</Button>} data-testid={testId}>
      {children}
    </Card>
  );
}

function CountsChart({ title, counts, label, file, pie, testId }: { title: string; counts: KpiCount[]; label: (key: string) => string; file: string; pie?: boolean; testId: string }) {
  const { t } = useTranslation();
  const option = useMemo(() => countsOption(counts, label, pie ?? false, t), [counts, label, pie, t]);
  return (
    <ChartCard title={title} testId={testId} onCsv={() => downloadCsv(file, toCsv([t('dashboard.key'), t('dashboard.count')], counts.map((c) => [label(c.key), c.count])))}>
      {counts.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.noData')} /> : <EChart option={option} />}
    </ChartCard>
  );
}

function countsOption(counts: KpiCount[], label: (key: string) => string, pie: boolean, t: TFunction) {
  const named = counts.map((c) => ({ name: label(c.key), value: c.count }));
  if (pie) return { tooltip: { trigger: 'item' }, legend: { bottom: 0 }, series: [{ type: 'pie', radius: ['35%', '65%'], data: named, name: t('dashboard.count') }] };
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 16, top: 16, bottom: 60 },
    xAxis: { type: 'category', data: named.map((n) => n.name), axisLabel: { interval: 0, rotate: named.length > 4 ? 30 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: named.map((n) => n.value), name: t('dashboard.count'), itemStyle: { color: '#1668dc' } }],
  };
}

function SlaChart({ report, file }: { report: KpiReport; file: string }) {
  const { t } = useTranslation();
  const clocks = report.sla.byClock;
  const option = useMemo(() => {
    const names = clocks.map((c) => t(`sla.names.${c.clock}`, { defaultValue: c.clock }));
    const series = (key: 'met' | 'breached' | 'running', color: string) => ({ type: 'bar', stack: 'sla', name: t(`dashboard.sla.${key}`), data: clocks.map((c) => c[key]), itemStyle: { color } });
    return {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 40, right: 16, top: 16, bottom: 80 },
      xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 3 ? 20 : 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [series('met', '#52c41a'), series('breached', '#ff4d4f'), series('running', '#bfbfbf')],
    };
  }, [clocks, t]);
  return (
    <ChartCard
      title={t('dashboard.slaByClock')}
      testId="chart-sla"
      onCsv={() => downloadCsv(file, toCsv([t('dashboard.clock'), t('dashboard.sla.met'), t('dashboard.sla.breached'), t('dashboard.sla.running'), t('dashboard.slaMet')], clocks.map((c) => [t(`sla.names.${c.clock}`, { defaultValue: c.clock }), c.met, c.breached, c.running, c.metPercent])))}
    >
      {clocks.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.noData')} /> : <EChart option={option} />}
    </ChartCard>
  );
}
