import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Alert, App, Badge, Breadcrumb, Button, Input, List, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { ApartmentOutlined, CloudUploadOutlined, ExperimentOutlined, HistoryOutlined, QuestionCircleOutlined, RedoOutlined, SaveOutlined, StopOutlined, UndoOutlined } from '@ant-design/icons';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useBlocker, useNavigate, useParams } from 'react-router';
import { api } from '../../api/client';
import type { DefinitionVersionSummary } from '../../api/types';
import { describeError } from '../shell/errors';
import { contentKey, useActivityDescriptors, useDefinition, usePublish, useRetract, useSaveDraft, validateDefinition, type ActivityDescriptor } from './api';
import { Canvas } from './Canvas';
import { activityLabel, type ElsaActivity, type ElsaDefinition } from './elsa';
import { parseEdgeId, sameIssues, type TypeInfo } from './flow';
import { issuesByActivity, issueText, locateIssues, type LocatedIssue } from './issues';
import { layoutLeftToRight } from './layout';
import { addActivity, connect, copyActivities, disconnect, flowchartOf, isClipboardPayload, moveActivities, newDefinition, newId, paste, removeActivities, updateActivity } from './model/document';
import { Palette } from './Palette';
import { PropertiesPanel } from './PropertiesPanel';
import { ShortcutHelp } from './ShortcutHelp';
import { useTypeInfos } from './activityText';
import { useDesignerState } from './useDesignerState';
import { VersionsDrawer } from './VersionsDrawer';
import { runHighlights } from './testRun/model';
import { TestRunPanel } from './testRun/TestRunPanel';
import type { TestRun } from './testRun/types';

const clipboardKey = 'caseflow.clipboard';

/** The designer: `/definitions/new` starts a draft, `/definitions/:id` opens the latest version of one. */
export function DesignerPage() {
  const { t } = useTranslation();
  const { definitionId = '' } = useParams();
  const isNew = definitionId === 'new';
  const loaded = useDefinition(isNew ? '' : definitionId);
  const descriptors = useActivityDescriptors();
  const initial = useMemo(() => (isNew ? newDefinition(t('definitions.untitled')) : loaded.data), [isNew, loaded.data, t]);

  if (loaded.isError) return <Alert type="error" showIcon title={describeError(loaded.error, t)} />;
  if (!initial || descriptors.isPending) return <Spin />;
  return (
    <ReactFlowProvider>
      <Editor key={definitionId} initial={initial} descriptors={descriptors.data?.items ?? []} isNew={isNew} />
    </ReactFlowProvider>
  );
}

function Editor({ initial, descriptors, isNew }: { initial: ElsaDefinition; descriptors: ActivityDescriptor[]; isNew: boolean }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const state = useDesignerState(initial);
  const { definition, apply } = state;
  const [selected, setSelectedState] = useState<ReadonlySet<string>>(new Set());
  const [selectRequest, setSelectRequest] = useState<{ ids: ReadonlySet<string> } | null>(null);
  // The canvas reports its selection; the page asks for one through a request, applied once.
  const selectedConnections = useRef<{ source: string; port: string; target: string }[]>([]);
  const onCanvasSelect = useCallback((ids: Set<string>, connections: { source: string; port: string; target: string }[]) => {
    selectedConnections.current = connections;
    setSelectedState((current) => (current.size === ids.size && [...ids].every((id) => current.has(id)) ? current : ids));
  }, []);
  const setSelected = useCallback((ids: Set<string>) => {
    setSelectedState(ids);
    setSelectRequest({ ids });
  }, []);
  const [issues, setIssues] = useState<LocatedIssue[]>([]);
  const [helpOpen, setHelpOpen] = useState(false);
  const [versionsOpen, setVersionsOpen] = useState(false);
  const [testRunOpen, setTestRunOpen] = useState(false);
  const [testRun, setTestRun] = useState<TestRun | null>(null);
  const [revealed, setRevealed] = useState(0);
  const flow = useReactFlow();
  const saveDraft = useSaveDraft();
  const queryClient = useQueryClient();
  const publish = usePublish();
  const retract = useRetract();
  const definitionId = definition.definitionId ?? '';
  const versions = useQuery({
    queryKey: ['definitions', 'versions', definitionId],
    queryFn: ({ signal }) => api<{ items: DefinitionVersionSummary[] }>(`/api/workflow-definitions/${encodeURIComponent(definitionId)}/versions`, { signal }),
    enabled: !!definitionId,
  });
  const latest = versions.data?.items.at(-1);

  const descriptorByType = useMemo(() => new Map(descriptors.map((d) => [d.typeName, d])), [descriptors]);
  const types = useTypeInfos(descriptors);
  const byActivity = useMemo(() => issuesByActivity(issues), [issues]);
  const errors = issues.filter((issue) => issue.severity === 'Error');
  const activities = flowchartOf(definition).activities;
  const highlights = useMemo(() => (testRun && testRunOpen ? runHighlights(definition, testRun, revealed) : undefined), [definition, testRun, testRunOpen, revealed]);
  const activityName = useCallback((id: string) => {
    const activity = activities.find((a) => a.id === id);
    return activity ? activityLabel(activity, types.get(activity.type)?.displayName) : id;
  }, [activities, types]);
  const variables = ((definition.variables as { name?: string }[] | undefined) ?? []).map((v) => v.name).filter((name): name is string => !!name);

  // Validation as you edit: the server's validator, half a second after the last change.
  useEffect(() => {
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      validateDefinition(definition, controller.signal)
        .then((result) => {
          const found = locateIssues(definition, result.errors);
          setIssues((current) => (sameIssues(current, found) ? current : found));
        })
        .catch(() => undefined);
    }, 500);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [definition]);

  // Leaving with unsaved changes asks first (in the app and when closing the tab).
  // Moving from /definitions/new to the saved definition's address is no leaving: it is let through.
  const allowLeave = useRef(false);
  const blocker = useBlocker(({ currentLocation, nextLocation }) => !allowLeave.current && state.dirty && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    modal.confirm({
      title: t('designer.leaveTitle'),
      content: t('designer.leaveBody'),
      okText: t('designer.leave'),
      cancelText: t('designer.stay'),
      onOk: () => blocker.proceed(),
      onCancel: () => blocker.reset(),
    });
  }, [blocker, modal, t]);
  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (state.dirty) event.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [state.dirty]);

  const addAt = useCallback(
    (typeName: string, dropped?: { x: number; y: number }) => {
      // Dropped: where the pointer was. Clicked: right of the selected activity, else right of the rightmost one.
      const nodes = flow.getNodes();
      const anchor = nodes.find((node) => selected.has(node.id)) ?? nodes.reduce<(typeof nodes)[number] | undefined>((right, node) => (!right || node.position.x > right.position.x ? node : right), undefined);
      const position = dropped ? { x: dropped.x - 100, y: dropped.y - 30 } : anchor ? { x: anchor.position.x + (anchor.width ?? 200) + 80, y: anchor.position.y } : { x: 0, y: 0 };
      const id = newId();
      apply((current) => addActivity(current, typeName, position, () => id).definition);
      setSelected(new Set([id]));
      if (!dropped) window.setTimeout(() => void flow.setCenter(position.x + 100, position.y + 30, { zoom: Math.max(flow.getZoom(), 0.8), duration: 200 }), 0);
    },
    [apply, flow, selected, setSelected],
  );

  const save = async (open = true): Promise<ElsaDefinition | null> => {
    try {
      const saved = await saveDraft.mutateAsync(definition);
      const next = { ...definition, id: saved.draft.id, definitionId: saved.draft.definitionId, version: saved.draft.version };
      state.markSaved(next);
      // Coming back to this definition shows what was saved, not what was first loaded.
      queryClient.setQueryData(contentKey(saved.draft.definitionId), next);
      setIssues(locateIssues(next, saved.issues));
      void versions.refetch();
      message.success(saved.valid ? t('designer.saved', { version: saved.draft.version }) : t('designer.savedWithErrors', { version: saved.draft.version }));
      if (isNew && open) {
        allowLeave.current = true;
        navigate(`/definitions/${encodeURIComponent(saved.draft.definitionId)}`, { replace: true });
      }
      return next;
    } catch (error) {
      message.error(describeError(error, t));
      return null;
    }
  };

  const doPublish = async () => {
    if (errors.length > 0) {
      message.error(t('designer.publishBlocked', { count: errors.length }));
      return;
    }
    const current = state.dirty || !definitionId ? await save(false) : definition;
    if (!current?.definitionId) return;
    try {
      const published = await publish.mutateAsync(current.definitionId);
      message.success(t('designer.published', { version: published.version }));
    } catch (error) {
      message.error(describeError(error, t));
    }
    if (isNew) {
      allowLeave.current = true;
      navigate(`/definitions/${encodeURIComponent(current.definitionId)}`, { replace: true });
    }
  };

  const doRetract = async () => {
    try {
      await retract.mutateAsync(definitionId);
      void versions.refetch();
      message.success(t('designer.retracted'));
    } catch (error) {
      message.error(describeError(error, t));
    }
  };

  const autoLayout = () => {
    const chart = flowchartOf(definition);
    const nodes = flow.getNodes();
    const size = new Map(nodes.map((node) => [node.id, { width: node.width ?? 200, height: node.height ?? 60 }]));
    const positions = layoutLeftToRight(
      chart.activities.map((activity) => ({ id: activity.id, ...(size.get(activity.id) ?? { width: 200, height: 60 }) })),
      flow.getEdges().map((edge) => ({ source: edge.source, target: edge.target })),
    );
    apply((current) => moveActivities(current, positions));
    window.setTimeout(() => void flow.fitView({ minZoom: 0.3, maxZoom: 1, duration: 200 }), 50);
  };

  const copy = () => {
    if (selected.size === 0) return;
    const payload = copyActivities(definition, selected);
    const text = JSON.stringify(payload);
    localStorage.setItem(clipboardKey, text);
    void navigator.clipboard?.writeText(text).catch(() => undefined);
    message.info(t('designer.copied', { count: payload.activities.length }));
  };

  const pasteClipboard = () => {
    let payload: unknown;
    try {
      payload = JSON.parse(localStorage.getItem(clipboardKey) ?? 'null');
    } catch {
      payload = null;
    }
    if (!isClipboardPayload(payload)) return;
    const ids = payload.activities.map(() => newId());
    apply((current) => {
      let next = 0;
      return paste(current, payload, { x: 40, y: 40 }, () => ids[next++]!).definition;
    });
    setSelected(new Set(ids));
  };

  // What is selected right now is what the canvas shows: it draws a click's selection a render before it reports it
  // (onSelectionChange runs in an effect), so a key pressed in between must not act on the selection before. What the
  // page selected itself (select all, a paste) is drawn a render later: until then its own state stands.
  const canvasSelection = () => {
    const nodes = flow.getNodes().filter((node) => node.selected).map((node) => node.id);
    const edges = flow.getEdges().filter((edge) => edge.selected).map((edge) => parseEdgeId(edge.id)).filter((edge) => edge !== null);
    const drawn = nodes.length > 0 || edges.length > 0;
    return { removed: new Set(drawn ? nodes : selected), connections: drawn ? edges : selectedConnections.current };
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement;
    if (target.closest('input, textarea, .cm-editor, [contenteditable=true]')) return;
    const mod = event.ctrlKey || event.metaKey;
    const key = event.key.toLowerCase();
    if (mod && key === 's') { event.preventDefault(); void save(); }
    else if (mod && key === 'z' && !event.shiftKey) { event.preventDefault(); state.undo(); }
    else if (mod && ((key === 'z' && event.shiftKey) || key === 'y')) { event.preventDefault(); state.redo(); }
    else if (mod && key === 'c') { event.preventDefault(); copy(); }
    else if (mod && key === 'v') { event.preventDefault(); pasteClipboard(); }
    else if (mod && key === 'a') { event.preventDefault(); setSelected(new Set(activities.map((a) => a.id))); }
    else if ((event.key === 'Delete' || event.key === 'Backspace') && (selected.size > 0 || selectedConnections.current.length > 0 || canvasSelection().removed.size > 0)) {
      event.preventDefault();
      const { removed, connections } = canvasSelection();
      apply((current) => removeActivities(disconnect(current, connections), removed));
      selectedConnections.current = [];
      setSelected(new Set());
    } else if (event.key === '?') setHelpOpen(true);
  };

  const selectedActivity = selected.size === 1 ? activities.find((activity) => selected.has(activity.id)) : undefined;
  const status = latest?.status;

  return (
    <div className="designer" tabIndex={-1} onKeyDown={onKeyDown} data-testid="designer">
      <div className="designer__toolbar">
        <Space size="small" wrap>
          <Breadcrumb items={[{ title: <Link to="/definitions">{t('definitions.title')}</Link> }, { title: definition.name || t('definitions.untitled') }]} />
          {status && <Tag color={status === 'Published' ? 'green' : status === 'Draft' ? 'gold' : 'default'} data-testid="status">{t(`definitions.statusValues.${status}`)} · v{latest?.version}</Tag>}
          {state.dirty && <Tag color="blue" data-testid="unsaved">{t('designer.unsaved')}</Tag>}
        </Space>
        <Space size="small" wrap>
          <Input size="small" style={{ width: 220 }} value={definition.name ?? ''} placeholder={t('designer.workflowName')} aria-label={t('designer.workflowName')} onChange={(event) => { const name = event.target.value; apply((current) => ({ ...current, name })); }} data-testid="workflow-name" />
          <Tooltip title={t('designer.shortcuts.undo')}><Button size="small" icon={<UndoOutlined />} disabled={!state.canUndo} onClick={state.undo} aria-label={t('designer.shortcuts.undo')} /></Tooltip>
          <Tooltip title={t('designer.shortcuts.redo')}><Button size="small" icon={<RedoOutlined />} disabled={!state.canRedo} onClick={state.redo} aria-label={t('designer.shortcuts.redo')} /></Tooltip>
          <Tooltip title={t('designer.autoLayout')}><Button size="small" icon={<ApartmentOutlined />} onClick={autoLayout} aria-label={t('designer.autoLayout')} /></Tooltip>
          <Button size="small" icon={<ExperimentOutlined />} onClick={() => setTestRunOpen(true)} data-testid="test-run-button">{t('testRun.button')}</Button>
          {definitionId && <Button size="small" icon={<HistoryOutlined />} onClick={() => setVersionsOpen(true)} data-testid="versions-button">{t('designer.versions.title')}</Button>}
          <Tooltip title={t('designer.shortcutsTitle')}><Button size="small" icon={<QuestionCircleOutlined />} onClick={() => setHelpOpen(true)} aria-label={t('designer.shortcutsTitle')} /></Tooltip>
          <Button size="small" icon={<SaveOutlined />} onClick={() => void save()} loading={saveDraft.isPending} disabled={!state.dirty && !isNew} data-testid="save">{t('designer.save')}</Button>
          <Button size="small" type="primary" icon={<CloudUploadOutlined />} onClick={() => void doPublish()} loading={publish.isPending} disabled={!state.dirty && status === 'Published'} data-testid="publish">{t('designer.publish')}</Button>
          {status === 'Published' && !state.dirty && <Button size="small" icon={<StopOutlined />} onClick={() => void doRetract()} loading={retract.isPending} data-testid="retract">{t('designer.retract')}</Button>}
        </Space>
      </div>
      <div className="designer__body">
        <Palette descriptors={descriptors} onAdd={(typeName) => addAt(typeName)} />
        <div className="designer__center">
          <Canvas
            definition={definition}
            types={types}
            issues={byActivity}
            selectRequest={selectRequest}
            highlights={highlights}
            onSelect={onCanvasSelect}
            onMove={(positions) => apply((current) => moveActivities(current, positions))}
            onConnect={(end) => apply((current) => connect(current, end))}
            onDropActivity={(typeName, position) => addAt(typeName, position)}
          />
          <IssuesList issues={issues} activities={activities} types={types} onSelect={(id) => { setSelected(new Set([id])); const node = flow.getNode(id); if (node) void flow.setCenter(node.position.x + 100, node.position.y + 30, { zoom: 1, duration: 200 }); }} />
        </div>
        <PropertiesPanel
          definition={definition}
          onWorkflowChange={apply}
          activity={selectedActivity}
          descriptor={selectedActivity ? descriptorByType.get(selectedActivity.type) : undefined}
          selectedCount={selected.size}
          issues={selectedActivity ? (byActivity.get(selectedActivity.id) ?? []) : []}
          variables={variables}
          onChange={(changed: ElsaActivity) => apply((current) => updateActivity(current, changed.id, () => changed))}
        />
      </div>
      <ShortcutHelp open={helpOpen} onClose={() => setHelpOpen(false)} />
      <TestRunPanel
        open={testRunOpen}
        definition={definition}
        errorCount={errors.length}
        run={testRun}
        revealed={revealed}
        onRun={setTestRun}
        onRevealed={setRevealed}
        onClose={() => setTestRunOpen(false)}
        activityName={activityName}
      />
      {versionsOpen && versions.data && <VersionsDrawer definitionId={definitionId} versions={versions.data.items} types={types} open onClose={() => setVersionsOpen(false)} />}
    </div>
  );
}

function IssuesList({ issues, activities, types, onSelect }: { issues: LocatedIssue[]; activities: ElsaActivity[]; types: ReadonlyMap<string, TypeInfo>; onSelect: (id: string) => void }) {
  const { t } = useTranslation();
  const errors = issues.filter((issue) => issue.severity === 'Error').length;
  const warnings = issues.length - errors;
  const name = (id?: string) => {
    const activity = activities.find((a) => a.id === id);
    return activity ? activityLabel(activity, types.get(activity.type)?.displayName) : undefined;
  };
  return (
    <div className="issues" data-testid="issues">
      <Space size="middle" className="issues__header">
        <Typography.Text strong>{t('designer.issues')}</Typography.Text>
        <Badge count={errors} showZero color={errors > 0 ? '#d4380d' : '#52c41a'} title={t('designer.errors')} />
        {warnings > 0 && <Badge count={warnings} color="#d48806" title={t('designer.warnings')} />}
        {issues.length === 0 && <Typography.Text type="secondary">{t('designer.noIssues')}</Typography.Text>}
      </Space>
      {issues.length > 0 && (
        <List
          size="small"
          dataSource={issues}
          renderItem={(issue) => (
            <List.Item className={issue.activityId ? 'issues__item issues__item--link' : 'issues__item'} onClick={() => issue.activityId && onSelect(issue.activityId)} data-testid="issue">
              <Space size="small">
                <Tag color={issue.severity === 'Error' ? 'red' : 'orange'}>{t(issue.severity === 'Error' ? 'designer.error' : 'designer.warning')}</Tag>
                {issue.activityId && <Typography.Text strong>{name(issue.activityId)}</Typography.Text>}
                <Typography.Text>{issueText(issue, t)}</Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
    </div>
  );
}
