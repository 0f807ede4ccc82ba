import { useMemo } from 'react';
import { Alert, Button, Card, DatePicker, Empty, Segmented, Select, Skeleton, Space, Switch, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { ReactFlowProvider } from '@xyflow/react';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useDefinitions } from '../definitions/api';
import { useActivityDescriptors, type ActivityDescriptor } from '../designer/api';
import { activityNameIn, useTypeInfos } from '../designer/activityText';
import { Canvas } from '../designer/Canvas';
import { isFlowchart } from '../designer/elsa';
import type { FlowHighlights } from '../designer/flow';
import { useDefinitionVersion } from '../history/api';
import { describeError } from '../shell/errors';
import { useHeatmap, useVersions } from './api';
import { formatSeconds, heatLevels, heatMarks } from './heat';
import { heatMetrics, type ActivityHeat, type HeatMetric } from './types';

const dateFormat = 'YYYY-MM-DD';
const noMarks = new Map();
const noDescriptors: ActivityDescriptor[] = [];

/**
 * The heatmap of a definition version over a period: the version's flowchart with each activity coloured by a
 * metric (executions, average waiting, SLA breaches while waiting there, CSAT of the cases that passed it), its
 * figure on the node, every figure on hover, a legend, and the same figures as a table.
 */
export function HeatmapPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const definitions = useDefinitions('', 1, 200);
  const definitionId = params.get('definitionId') ?? undefined;
  const versions = useVersions(definitionId);
  const published = versions.data?.items.find((v) => v.isPublished)?.version ?? versions.data?.items.at(-1)?.version;
  const version = Number(params.get('version')) || published;
  const from = params.get('from') ?? dayjs().subtract(29, 'day').format(dateFormat);
  const to = params.get('to') ?? dayjs().format(dateFormat);
  const metric = (heatMetrics as string[]).includes(params.get('metric') ?? '') ? (params.get('metric') as HeatMetric) : 'executions';
  const drills = params.get('drills') === 'true';
  const heatmap = useHeatmap(definitionId && version ? { definitionId, version, from, to, drills } : null);
  const definition = useDefinitionVersion(definitionId, version);
  const descriptors = useActivityDescriptors();
  const types = useTypeInfos(descriptors.data?.items ?? noDescriptors);
  const set = (values: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined || value === '') next.delete(name);
      else next.set(name, value);
    }
    setParams(next, { replace: true });
  };

  const units = useMemo(() => ({ s: t('heatmap.units.s'), min: t('heatmap.units.min'), h: t('heatmap.units.h'), d: t('heatmap.units.d') }), [t]);
  const chart = definition.data?.root;
  const nameOf = (id: string) => activityNameIn(chart, types, id);
  // Every activity of the flowchart, those no run reached with zeros; a child workflow's activities are another definition's.
  const activities = useMemo(() => {
    const found = new Map((heatmap.data?.activities ?? []).map((a) => [a.activityId, a]));
    return (isFlowchart(chart) ? (chart.activities ?? []) : []).map((a) => found.get(a.id) ?? unreached(a.id));
  }, [heatmap.data, chart]);
  const highlights = useMemo<FlowHighlights | undefined>(() => {
    if (!heatmap.data) return undefined;
    const describe = (h: ActivityHeat) => [
      t('heatmap.lines.executions', { count: h.executions, runs: h.runs }),
      h.waits > 0 ? t('heatmap.lines.waiting', { average: formatSeconds(h.averageWaitingSeconds ?? 0, units), count: h.waits }) : t('heatmap.lines.noWaits'),
      ...(h.waitingNow > 0 ? [t('heatmap.lines.waitingNow', { count: h.waitingNow })] : []),
      ...(h.faults > 0 ? [t('heatmap.lines.faults', { count: h.faults })] : []),
      t('heatmap.lines.breaches', { count: h.slaBreaches }),
      h.csatAnswers > 0 ? t('heatmap.lines.csat', { average: h.csatAverage, count: h.csatAnswers }) : t('heatmap.lines.noCsat'),
    ];
    const format = (value: number, m: HeatMetric) => (m === 'waiting' ? formatSeconds(value, units) : m === 'csat' ? value.toFixed(1) : String(value));
    return { activities: noMarks, connections: noMarks, heat: heatMarks(activities, metric, format, describe) };
  }, [heatmap.data, activities, metric, t, units]);

  const columns: ColumnsType<ActivityHeat> = [
    { title: t('heatmap.columns.activity'), dataIndex: 'activityId', render: (id: string) => nameOf(id) },
    { title: t('heatmap.metrics.executions'), dataIndex: 'executions', width: 110, sorter: (a, b) => a.executions - b.executions, defaultSortOrder: 'descend' },
    { title: t('heatmap.columns.runs'), dataIndex: 'runs', width: 90, sorter: (a, b) => a.runs - b.runs },
    { title: t('heatmap.metrics.waiting'), dataIndex: 'averageWaitingSeconds', width: 140, sorter: (a, b) => (a.averageWaitingSeconds ?? -1) - (b.averageWaitingSeconds ?? -1), render: (s: number | null) => (s === null ? '—' : formatSeconds(s, units)) },
    { title: t('heatmap.columns.waitingNow'), dataIndex: 'waitingNow', width: 110, sorter: (a, b) => a.waitingNow - b.waitingNow },
    { title: t('heatmap.columns.faults'), dataIndex: 'faults', width: 90, sorter: (a, b) => a.faults - b.faults },
    { title: t('heatmap.metrics.breaches'), dataIndex: 'slaBreaches', width: 120, sorter: (a, b) => a.slaBreaches - b.slaBreaches },
    { title: t('heatmap.metrics.csat'), dataIndex: 'csatAverage', width: 120, sorter: (a, b) => (a.csatAverage ?? 0) - (b.csatAverage ?? 0), render: (v: number | null, h) => (v === null ? '—' : `${v} (${h.csatAnswers})`) },
  ];

  const data = heatmap.data;
  return (
    <div className="page" data-testid="heatmap">
      <div className="page__header">
        <Space>
          <Link to="/runs"><Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('runs.back')} /></Link>
          <Typography.Title level={3} style={{ margin: 0 }}>{t('heatmap.title')}</Typography.Title>
        </Space>
      </div>
      <Space wrap>
        <Select
          showSearch
          style={{ width: 240 }}
          placeholder={t('heatmap.chooseWorkflow')}
          value={definitionId}
          onChange={(value: string) => set({ definitionId: value, version: undefined })}
          options={(definitions.data?.items ?? []).map((d) => ({ value: d.definitionId, label: d.name ?? d.definitionId }))}
          optionFilterProp="label"
          data-testid="heatmap-definition"
        />
        <Select
          style={{ width: 160 }}
          placeholder={t('heatmap.version')}
          disabled={!definitionId}
          value={version}
          onChange={(value: number) => set({ version: String(value) })}
          options={(versions.data?.items ?? []).map((v) => ({ value: v.version, label: `v${v.version} · ${t(`definitions.statusValues.${v.status}`)}` }))}
          data-testid="heatmap-version"
        />
        <DatePicker.RangePicker
          allowClear={false}
          value={[dayjs(from), dayjs(to)]}
          onChange={(range) => {
            const [start, end] = (range ?? [null, null]) as [Dayjs | null, Dayjs | null];
            if (start && end) set({ from: start.format(dateFormat), to: end.format(dateFormat) });
          }}
          data-testid="heatmap-period"
        />
        <Segmented<HeatMetric> value={metric} onChange={(value) => set({ metric: value })} options={heatMetrics.map((m) => ({ value: m, label: t(`heatmap.metrics.${m}`) }))} data-testid="heatmap-metric" />
        <Space size={6}>
          <Switch size="small" checked={drills} onChange={(on) => set({ drills: on ? 'true' : undefined })} aria-label={t('heatmap.includeDrills')} data-testid="heatmap-drills" />
          <Typography.Text>{t('heatmap.includeDrills')}</Typography.Text>
        </Space>
      </Space>
      {!definitionId ? (
        <Card><Empty description={t('heatmap.pick')} /></Card>
      ) : heatmap.isError ? (
        <Alert type="error" showIcon title={t('heatmap.loadFailed')} description={describeError(heatmap.error, t)} action={<Button onClick={() => void heatmap.refetch()}>{t('shell.retry')}</Button>} />
      ) : !data ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <>
          <Space wrap size="large" data-testid="heatmap-summary">
            <Typography.Text>{t('heatmap.summary', { analysed: data.analysed, runs: data.runs })}</Typography.Text>
            <Typography.Text type="secondary">{t('heatmap.breachesTotal', { count: data.slaBreaches })}</Typography.Text>
            <Typography.Text type="secondary">{data.csatAnswers > 0 ? t('heatmap.csatTotal', { average: data.csatAverage, count: data.csatAnswers }) : t('heatmap.lines.noCsat')}</Typography.Text>
            <Legend metric={metric} />
          </Space>
          {data.analysed < data.runs && <Alert type="info" showIcon title={t('heatmap.capped', { analysed: data.analysed, runs: data.runs })} />}
          {data.runs === 0 && <Alert type="info" showIcon title={t('heatmap.noRuns')} description={t('heatmap.noRunsHint')} />}
          <div className="instance__canvas" data-testid="heatmap-canvas">
            {definition.data ? (
              <ReactFlowProvider>
                <Canvas definition={definition.data} types={types} issues={new Map()} selectRequest={null} readOnly highlights={highlights} onSelect={() => undefined} />
              </ReactFlowProvider>
            ) : definition.isError ? (
              <Alert type="warning" showIcon title={t('runs.definitionUnavailable')} description={describeError(definition.error, t)} />
            ) : (
              <Skeleton active />
            )}
          </div>
          <Table<ActivityHeat> rowKey="activityId" size="small" columns={columns} dataSource={activities} pagination={false} data-testid="heatmap-table" locale={{ emptyText: t('heatmap.noRuns') }} />
        </>
      )}
    </div>
  );
}

const unreached = (activityId: string): ActivityHeat => ({
  activityId, executions: 0, runs: 0, waits: 0, averageWaitingSeconds: null, waitingNow: 0, faults: 0, slaBreaches: 0, csatAnswers: 0, csatAverage: null,
});

function Legend({ metric }: { metric: HeatMetric }) {
  const { t } = useTranslation();
  return (
    <span className="heat-legend" data-testid="heatmap-legend">
      <span>{metric === 'csat' ? t('heatmap.legend.csatHigh') : t('heatmap.legend.low')}</span>
      {Array.from({ length: heatLevels }, (_, i) => <span key={i} className={`heat-legend__swatch activity-node--heat-${i + 1}`} />)}
      <span>{metric === 'csat' ? t('heatmap.legend.csatLow') : t('heatmap.legend.high')}</span>
      <span className="heat-legend__swatch activity-node--heat-0" style={{ marginLeft: 8 }} />
      <span>{t('heatmap.legend.none')}</span>
    </span>
  );
}
