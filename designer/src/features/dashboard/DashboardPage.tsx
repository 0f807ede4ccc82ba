import { useMemo, type ReactNode } from 'react';
import { Alert, Button, Card, Col, DatePicker, Empty, Row, Space, Statistic, Switch, Tooltip, Typography } from 'antd';
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
import type { CsatPoint, DrillScore, EmergencyLevel, HotSpot, KpiCount, KpiReport } from './types';

const dateFormat = 'YYYY-MM-DD';

/**
 * The centre's KPIs for a period, as `GET /api/kpis` reports them (the figures are the API's, never recomputed):
 * volume by category and channel, SLA compliance per clock, first-contact resolution, CSAT and its trend, complaint
 * hot spots, emergencies by level with their milestones, drill scores, and the backlog and its ageing now. Drills are
 * left out unless the switch asks the API for them. Every chart's data downloads as CSV.
 */
export function DashboardPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const from = params.get('from') ?? dayjs().subtract(29, 'day').format(dateFormat);
  const to = params.get('to') ?? dayjs().format(dateFormat);
  const drills = params.get('drills') === 'true';
  const report = useQuery({
    queryKey: ['kpis', from, to, drills],
    queryFn: ({ signal }) => api<KpiReport>('/api/kpis', { query: { from, to, drills: drills ? 'true' : undefined }, signal }),
  });
  const setDrills = (on: boolean) => {
    const next = new URLSearchParams(params);
    if (on) next.set('drills', 'true');
    else next.delete('drills');
    setParams(next, { replace: true });
  };
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
          <Space size={6}>
            <Switch size="small" checked={drills} onChange={setDrills} data-testid="dashboard-drills" aria-label={t('dashboard.includeDrills')} />
            <Typography.Text>{t('dashboard.includeDrills')}</Typography.Text>
          </Space>
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
              <CountsChart title={t('dashboard.byCategory')} counts={data.volume.byCategory} label={(key) => (key === 'unclassified' ? t('case.unclassified') : t(`categories.${key}`, { defaultValue: t(`emergencies.eventTypes.${key}`, { defaultValue: key }) }))} file={`volume-by-category_${period}.csv`} testId="chart-category" />
            </Col>
            <Col xs={24} xl={12}>
              <CountsChart title={t('dashboard.byChannel')} counts={data.volume.byChannel} label={(key) => t(`case.channels.${capitalize(key)}`, { defaultValue: key })} file={`volume-by-channel_${period}.csv`} pie testId="chart-channel" />
            </Col>
            <Col xs={24} xl={12}>
              <SlaChart report={data} file={`sla-by-clock_${period}.csv`} />
            </Col>
            <Col xs={24} xl={12}>
              <CsatTrendChart report={data} file={`csat-trend_${period}.csv`} />
            </Col>
            <Col xs={24} xl={12}>
              <HotSpotsChart hotSpots={data.hotSpots} file={`complaint-hot-spots_${period}.csv`} />
            </Col>
            <Col xs={24} xl={12}>
              <CountsChart title={t('dashboard.backlog')} counts={data.backlog.openCasesByStatus} label={(key) => t(`case.statuses.${key}`, { defaultValue: key })} file={`backlog-by-status_${period}.csv`} testId="chart-backlog" />
            </Col>
            <Col xs={24} xl={12}>
              <CountsChart title={t('dashboard.ageing')} counts={data.backlogAgeing} label={(key) => t(`dashboard.ages.${key}`, { defaultValue: key })} file={`backlog-ageing_${period}.csv`} testId="chart-ageing" emptyWhenZero />
            </Col>
            <Col xs={24} xl={12}>
              <EmergenciesChart total={data.emergencies.total} levels={data.emergencies.byLevel} file={`emergencies-by-level_${period}.csv`} />
            </Col>
            <Col xs={24} xl={12}>
              <DrillScoresChart drills={data.drills} file={`drill-scores_${period}.csv`} />
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

function CountsChart({ title, counts, label, file, pie, testId, emptyWhenZero }: { title: string; counts: KpiCount[]; label: (key: string) => string; file: string; pie?: boolean; testId: string; emptyWhenZero?: boolean }) {
  const { t } = useTranslation();
  const option = useMemo(() => countsOption(counts, label, pie ?? false, t), [counts, label, pie, t]);
  const empty = counts.length === 0 || (emptyWhenZero === true && counts.every((c) => c.count === 0));
  return (
    <ChartCard title={title} testId={testId} onCsv={() => downloadCsv(file, toCsv([t('dashboard.key'), t('dashboard.count')], counts.map((c) => [label(c.key), c.count])))}>
      {empty ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.noData')} /> : <EChart option={option} />}
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

const levelColors: Record<string, string> = { I: '#cf1322', II: '#fa8c16', III: '#fadb14', IV: '#1677ff', unassessed: '#8c8c8c' };

function CsatTrendChart({ report, file }: { report: KpiReport; file: string }) {
  const { t } = useTranslation();
  const { bucket, points } = report.csatTrend;
  const label = (p: CsatPoint) => dayjs(p.start).format(bucket === 'month' ? 'YYYY-MM' : 'MM-DD');
  const option = useMemo(() => ({
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 40, right: 40, top: 24, bottom: 60 },
    xAxis: { type: 'category', data: points.map(label) },
    yAxis: [
      { type: 'value', min: 0, max: 5, name: t('dashboard.averageScore') },
      { type: 'value', minInterval: 1, name: t('dashboard.answered') },
    ],
    series: [
      { type: 'bar', yAxisIndex: 1, name: t('dashboard.answered'), data: points.map((p) => p.answered), itemStyle: { color: '#d6e4ff' } },
      { type: 'line', name: t('dashboard.averageScore'), data: points.map((p) => p.averageScore), connectNulls: true, showSymbol: true, symbolSize: 7, itemStyle: { color: '#389e0d' } },
    ],
  }), [points, t]);
  return (
    <ChartCard
      title={t(`dashboard.csatTrend.${bucket}`)}
      testId="chart-csat-trend"
      onCsv={() => downloadCsv(file, toCsv([t('dashboard.bucketStart'), t('dashboard.sent'), t('dashboard.answered'), t('dashboard.averageScore')], points.map((p) => [dayjs(p.start).format(dateFormat), p.sent, p.answered, p.averageScore])))}
    >
      {points.every((p) => p.sent === 0) ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.noSurveys')} /> : <EChart option={option} />}
    </ChartCard>
  );
}

function HotSpotsChart({ hotSpots, file }: { hotSpots: HotSpot[]; file: string }) {
  const { t } = useTranslation();
  const name = (key: string) => (key === 'unclassified' ? t('case.unclassified') : t(`categories.${key}`, { defaultValue: t(`emergencies.eventTypes.${key}`, { defaultValue: key }) }));
  const option = useMemo(() => ({
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 100, right: 24, top: 16, bottom: 48 },
    yAxis: { type: 'category', inverse: true, data: hotSpots.map((h) => name(h.category)) },
    xAxis: { type: 'value', minInterval: 1 },
    series: [
      { type: 'bar', name: t('dashboard.thisPeriod'), data: hotSpots.map((h) => h.count), itemStyle: { color: '#cf1322' }, label: { show: true, position: 'right', formatter: ({ dataIndex }: { dataIndex: number }) => change(hotSpots[dataIndex]) } },
      { type: 'bar', name: t('dashboard.previousPeriod'), data: hotSpots.map((h) => h.previousCount), itemStyle: { color: '#d9d9d9' } },
    ],
  }), [hotSpots, t]);
  return (
    <ChartCard
      title={t('dashboard.hotSpots')}
      testId="chart-hot-spots"
      onCsv={() => downloadCsv(file, toCsv([t('dashboard.category'), t('dashboard.thisPeriod'), t('dashboard.previousPeriod'), t('dashboard.changePercent')], hotSpots.map((h) => [name(h.category), h.count, h.previousCount, h.changePercent])))}
    >
      {hotSpots.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.noComplaints')} /> : <EChart option={option} />}
    </ChartCard>
  );
}

const change = (h: HotSpot | undefined) => (h?.changePercent == null ? '' : `${h.changePercent > 0 ? '+' : ''}${h.changePercent}%`);

function EmergenciesChart({ total, levels, file }: { total: number; levels: EmergencyLevel[]; file: string }) {
  const { t } = useTranslation();
  const raised = levels.filter((l) => l.count > 0);
  const clocks = raised[0]?.milestones ?? [];
  const levelName = (level: string) => (level === 'unassessed' ? t('emergencies.notGraded') : t('emergencies.level', { level }));
  const clockName = (clock: string) => t(`sla.names.${clock}`, { defaultValue: clock });
  const option = useMemo(() => ({
    tooltip: {
      trigger: 'axis',
      // Per level: the median and how the milestone stands (met, breached, still running).
      formatter: (items: { dataIndex: number }[]) => {
        const index = items[0]?.dataIndex ?? 0;
        const clock = clocks[index];
        if (!clock) return '';
        const lines = raised.map((l) => {
          const m = l.milestones[index];
          const median = m?.medianMinutes == null ? t('dashboard.notReached') : t('dashboard.medianValue', { minutes: m.medianMinutes });
          return `${levelName(l.level)}: ${median} · ${t('dashboard.sla.met')} ${m?.met ?? 0} · ${t('dashboard.sla.breached')} ${m?.breached ?? 0} · ${t('dashboard.sla.running')} ${m?.running ?? 0}`;
        });
        return [`<b>${clockName(clock.clock)}</b>`, `${t('dashboard.limit')}: ${t('dashboard.medianValue', { minutes: clock.limitMinutes })}`, ...lines].join('<br/>');
      },
    },
    legend: { bottom: 0 },
    grid: { left: 48, right: 16, top: 24, bottom: 90 },
    xAxis: { type: 'category', data: clocks.map((c) => clockName(c.clock)), axisLabel: { interval: 0, rotate: 15 } },
    yAxis: { type: 'value', name: t('dashboard.minutes') },
    series: [
      ...raised.map((l) => ({ type: 'bar', name: `${levelName(l.level)} (${l.count})`, data: l.milestones.map((m) => m.medianMinutes), itemStyle: { color: levelColors[l.level] } })),
      { type: 'line', name: t('dashboard.limit'), data: clocks.map((c) => c.limitMinutes), lineStyle: { type: 'dashed', color: '#595959' }, itemStyle: { color: '#595959' } },
    ],
  }), [levels, t]);
  return (
    <ChartCard
      title={t('dashboard.emergencies', { count: total })}
      testId="chart-emergencies"
      onCsv={() => downloadCsv(file, toCsv(
        [t('dashboard.level'), t('dashboard.raised'), t('dashboard.active'), t('dashboard.milestone'), t('dashboard.limitMinutes'), t('dashboard.sla.met'), t('dashboard.sla.breached'), t('dashboard.sla.running'), t('dashboard.medianMinutes')],
        levels.flatMap((l) => (l.milestones.length === 0 ? [[levelName(l.level), l.count, l.active, '', '', '', '', '', '']] : l.milestones.map((m) => [levelName(l.level), l.count, l.active, clockName(m.clock), m.limitMinutes, m.met, m.breached, m.running, m.medianMinutes]))),
      ))}
    >
      {total === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.noEmergencies')} /> : clocks.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.noMilestones')} /> : <EChart option={option} />}
    </ChartCard>
  );
}

function DrillScoresChart({ drills, file }: { drills: DrillScore[]; file: string }) {
  const { t } = useTranslation();
  const scenario = (key: string) => t(`emergencies.eventTypes.${key}`, { defaultValue: key });
  const option = useMemo(() => ({
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 16, top: 24, bottom: 48 },
    xAxis: { type: 'category', data: drills.map((d) => `${d.number}\n${scenario(d.scenario)}`) },
    yAxis: { type: 'value', min: 0, max: 100, name: '%' },
    series: [{ type: 'bar', name: t('dashboard.score'), data: drills.map((d) => d.scorePercent ?? 0), itemStyle: { color: '#722ed1' }, label: { show: true, position: 'top', formatter: ({ dataIndex }: { dataIndex: number }) => scoreLabel(drills[dataIndex], t) } }],
  }), [drills, t]);
  return (
    <ChartCard
      title={t('dashboard.drillScores')}
      testId="chart-drills"
      onCsv={() => downloadCsv(file, toCsv(
        [t('dashboard.drill'), t('dashboard.scenario'), t('dashboard.kind'), t('dashboard.status'), t('dashboard.milestonesMet'), t('dashboard.milestones'), t('dashboard.score')],
        drills.map((d) => [d.number, scenario(d.scenario), t(`dashboard.drillKinds.${d.kind}`, { defaultValue: d.kind }), t(`case.statuses.${d.status}`, { defaultValue: d.status }), d.milestonesMet, d.milestones, d.scorePercent]),
      ))}
    >
      {drills.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.noDrills')} /> : <EChart option={option} />}
    </ChartCard>
  );
}

const scoreLabel = (d: DrillScore | undefined, t: TFunction) =>
  !d ? '' : d.milestones === 0 ? t('dashboard.noScore') : `${d.milestonesMet}/${d.milestones}`;
