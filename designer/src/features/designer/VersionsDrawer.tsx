import { useMemo, useState } from 'react';
import { Alert, Button, Drawer, Empty, List, Select, Space, Spin, Tag, Typography } from 'antd';
import { DiffOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { ReactFlowProvider } from '@xyflow/react';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { DefinitionVersionSummary } from '../../api/types';
import { describeError } from '../shell/errors';
import { Canvas } from './Canvas';
import { activityLabel, type ElsaDefinition } from './elsa';
import { edgeId, type FlowHighlights, type TypeInfos } from './flow';
import { describeValue, diffDefinitions, unionForDiff } from './model/diff';
import { versionEvents } from './model/versions';

const statusColor = { Draft: 'gold', Published: 'green', Retracted: 'default' } as const;

function useVersion(definitionId: string, version: number | undefined) {
  return useQuery({
    queryKey: ['definitions', 'content', definitionId, 'version', version],
    queryFn: ({ signal }) => api<ElsaDefinition>(`/api/workflow-definitions/${encodeURIComponent(definitionId)}`, { query: { version }, signal }),
    enabled: version !== undefined,
    staleTime: Infinity,
  });
}

/** Every version of the definition, and any two of them compared on the canvas. */
export function VersionsDrawer({ definitionId, versions, types, open, onClose }: { definitionId: string; versions: DefinitionVersionSummary[]; types: TypeInfos; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const latest = versions.at(-1)?.version;
  const [from, setFrom] = useState<number | undefined>(versions.length > 1 ? versions.at(-2)?.version : undefined);
  const [to, setTo] = useState<number | undefined>(latest);
  const [comparing, setComparing] = useState(false);
  const older = useVersion(definitionId, comparing ? from : undefined);
  const newer = useVersion(definitionId, comparing ? to : undefined);

  const comparison = useMemo(() => {
    if (!older.data || !newer.data) return null;
    const diff = diffDefinitions(older.data, newer.data);
    const highlights: FlowHighlights = {
      activities: new Map(diff.activities.map((entry) => [entry.id, entry.kind])),
      connections: new Map(diff.connections.map((entry) => [edgeId(entry.connection.source.activity, entry.connection.source.port, entry.connection.target.activity), entry.kind])),
    };
    return { diff, highlights, union: unionForDiff(newer.data, diff) };
  }, [older.data, newer.data]);

  const options = versions.map((version) => ({ value: version.version, label: `v${version.version} · ${t(`definitions.statusValues.${version.status}`)}` }));
  const changed = comparison?.diff.activities.filter((entry) => entry.kind !== 'same') ?? [];

  return (
    <Drawer open={open} onClose={onClose} title={t('designer.versions.title')} size={comparing ? Math.round(window.innerWidth * 0.85) : 440} data-testid="versions">
      {!comparing ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <List
            size="small"
            dataSource={[...versions].reverse()}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('designer.versions.none')} /> }}
            renderItem={(version) => (
              <List.Item data-testid="version">
                <Space orientation="vertical" size={0}>
                  <Space>
                    <Typography.Text strong>v{version.version}</Typography.Text>
                    <Tag color={statusColor[version.status]}>{t(`definitions.statusValues.${version.status}`)}</Tag>
                  </Space>
                  {versionEvents(version).map((event) => (
                    <Typography.Text key={event.key} type="secondary" style={{ fontSize: 12 }} data-testid={`version-${event.key}`}>
                      {t(`designer.versions.${event.key}`, { at: dayjs(event.at).format('YYYY-MM-DD HH:mm'), user: event.by ?? t('designer.versions.system') })}
                    </Typography.Text>
                  ))}
                </Space>
              </List.Item>
            )}
          />
          {versions.length > 1 && (
            <Space wrap>
              <Select size="small" style={{ width: 150 }} value={from} options={options} onChange={setFrom} aria-label={t('designer.versions.from')} data-testid="diff-from" />
              <Select size="small" style={{ width: 150 }} value={to} options={options} onChange={setTo} aria-label={t('designer.versions.to')} data-testid="diff-to" />
              <Button size="small" type="primary" icon={<DiffOutlined />} disabled={from === undefined || to === undefined || from === to} onClick={() => setComparing(true)} data-testid="compare">
                {t('designer.versions.compare')}
              </Button>
            </Space>
          )}
        </Space>
      ) : (
        <div className="diff" data-testid="diff">
          <Space style={{ marginBottom: 8 }} wrap>
            <Button size="small" onClick={() => setComparing(false)}>{t('designer.versions.back')}</Button>
            <Typography.Text>{t('designer.versions.comparing', { from, to })}</Typography.Text>
            <Tag color="green">{t('designer.versions.added')}</Tag>
            <Tag color="red">{t('designer.versions.removed')}</Tag>
            <Tag color="orange">{t('designer.versions.changed')}</Tag>
          </Space>
          {(older.isError || newer.isError) && <Alert type="error" showIcon title={describeError(older.error ?? newer.error, t)} />}
          {!comparison ? (
            <Spin />
          ) : (
            <div className="diff__body">
              <ReactFlowProvider>
                <Canvas definition={comparison.union} types={types} issues={new Map()} selectRequest={null} readOnly highlights={comparison.highlights} onSelect={() => undefined} />
              </ReactFlowProvider>
              <List
                size="small"
                className="diff__list"
                dataSource={changed}
                locale={{ emptyText: t('designer.versions.noChanges') }}
                renderItem={(entry) => (
                  <List.Item data-testid="diff-entry">
                    <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                      <Space>
                        <Tag color={entry.kind === 'added' ? 'green' : entry.kind === 'removed' ? 'red' : 'orange'}>{t(`designer.versions.${entry.kind}`)}</Tag>
                        <Typography.Text strong>{activityLabel(entry.activity, types.get(entry.activity.type)?.displayName)}</Typography.Text>
                      </Space>
                      {entry.changes.map((change) => (
                        <Typography.Text key={change.input} style={{ fontSize: 12 }}>
                          <Typography.Text code>{change.input}</Typography.Text> <Typography.Text delete type="secondary">{describeValue(change.before)}</Typography.Text> → {describeValue(change.after)}
                        </Typography.Text>
                      ))}
                    </Space>
                  </List.Item>
                )}
              />
            </div>
          )}
        </div>
      )}
    </Drawer>
  );
}
