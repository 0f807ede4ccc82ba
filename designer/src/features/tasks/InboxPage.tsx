import { useCallback, useEffect, useMemo, useRef, useState, type HTMLAttributes } from 'react';
import { Alert, App, Badge, Button, Empty, Segmented, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { AlertOutlined, ClearOutlined, ReloadOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Roles } from '../../api/types';
import { hasAnyRole, useMe } from '../auth/session';
import { describeError } from '../shell/errors';
import { useCategories, useInbox, useTaskActions } from './api';
import { DueTag } from './DueTag';
import { useNow } from './due';
import { priorityColor, type Priority, type Task, type TaskFilters, type TaskSort, type TaskView } from './types';

const overseers = [Roles.Supervisor, Roles.Manager, Roles.Admin];
const views: readonly TaskView[] = ['mine', 'available', 'team', 'all'];
const overseerViews: readonly TaskView[] = ['team', 'all'];
const sorts: readonly TaskSort[] = ['due', 'priority', 'newest', 'oldest'];
const filterNames = ['type', 'category', 'priority', 'channel', 'emergency', 'drill'] as const;
const caseTypes = ['Complaint', 'Inquiry', 'Emergency', 'Drill'];
const priorities: readonly Priority[] = ['Urgent', 'High', 'Normal', 'Low'];
const channels = ['Phone', 'Email', 'Online', 'Social', 'Internal'];

/**
 * The agent's inbox: my tasks, those available to my roles, and (supervisors, managers) everyone's; soonest due
 * first, paged on the server. Keys: j / ↓ next, k / ↑ previous, Enter open, c claim, r release.
 */
export function InboxPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const me = useMe().data!;
  const oversees = hasAnyRole(me, overseers);
  const [params, setParams] = useSearchParams();
  const requested = params.get('view') as TaskView | null;
  const view: TaskView = requested && views.includes(requested) && (!overseerViews.includes(requested) || oversees) ? requested : 'mine';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = [10, 25, 50, 100].includes(Number(params.get('pageSize'))) ? Number(params.get('pageSize')) : 25;
  const sort: TaskSort = sorts.includes(params.get('sort') as TaskSort) ? (params.get('sort') as TaskSort) : 'due';
  const filters = useMemo(() => {
    const chosen: TaskFilters = {};
    for (const name of filterNames) {
      const value = params.get(name);
      if (value) (chosen as Record<string, string>)[name] = value;
    }
    return chosen;
  }, [params]);
  const inbox = useInbox({ view, page, pageSize, sort, filters });
  const categories = useCategories();
  const actions = useTaskActions();
  const now = useNow();
  const [cursor, setCursor] = useState(0);
  const table = useRef<HTMLDivElement>(null);
  const rows = useMemo(() => inbox.data?.items ?? [], [inbox.data]);

  // Every change but paging starts again at page 1; the URL keeps the inbox as it was for the back button.
  const go = (next: { view?: TaskView; page?: number; pageSize?: number; sort?: TaskSort; filter?: [string, string | undefined]; clear?: boolean }) => {
    const search = new URLSearchParams(params);
    if (next.view) search.set('view', next.view);
    if (next.pageSize) search.set('pageSize', String(next.pageSize));
    if (next.sort) {
      if (next.sort === 'due') search.delete('sort');
      else search.set('sort', next.sort);
    }
    if (next.filter) {
      const [name, value] = next.filter;
      if (value) search.set(name, value);
      else search.delete(name);
    }
    if (next.clear) for (const name of filterNames) search.delete(name);
    if (next.page) search.set('page', String(next.page));
    else search.delete('page');
    setParams(search, { replace: true });
    setCursor(0);
  };
  const filtered = Object.keys(filters).length > 0;
  const categoryOptions = [
    ...(categories.data?.complaint.length ? [{ label: t('case.types.Complaint'), options: categories.data.complaint.map((c) => ({ value: c, label: t(`categories.${c}`, { defaultValue: c }) })) }] : []),
    ...(categories.data?.inquiry.length ? [{ label: t('case.types.Inquiry'), options: categories.data.inquiry.map((c) => ({ value: c, label: t(`categories.${c}`, { defaultValue: c }) })) }] : []),
  ];
  type Option = { value: string; label: string };
  const filterSelect = (name: (typeof filterNames)[number], options: Option[] | { label: string; options: Option[] }[], width = 150) => (
    <Select
      allowClear
      size="middle"
      style={{ width }}
      placeholder={t(`inbox.filters.${name}`)}
      value={filters[name]}
      onChange={(value?: string) => go({ filter: [name, value] })}
      options={options as Option[]}
      data-testid={`inbox-filter-${name}`}
    />
  );

  const act = useCallback(async (kind: 'claim' | 'release', task: Task) => {
    try {
      await actions[kind].mutateAsync(task.id);
      message.success(t(kind === 'claim' ? 'inbox.claimed' : 'inbox.released', { title: task.title }));
    } catch (error) {
      message.error(describeError(error, t));
    }
  }, [actions, message, t]);

  useEffect(() => setCursor((current) => Math.min(current, Math.max(rows.length - 1, 0))), [rows.length]);

  // The inbox's keys work anywhere on the page except in a text field.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.ctrlKey || event.metaKey || event.altKey || target?.closest('input, textarea, [contenteditable=true], .ant-select')) return;
      const task = rows[cursor];
      if (event.key === 'j' || event.key === 'ArrowDown') {
        setCursor((current) => Math.min(current + 1, rows.length - 1));
        event.preventDefault();
      } else if (event.key === 'k' || event.key === 'ArrowUp') {
        setCursor((current) => Math.max(current - 1, 0));
        event.preventDefault();
      } else if (event.key === 'Enter' && task) {
        navigate(`/tasks/${encodeURIComponent(task.id)}`);
      } else if (event.key === 'c' && task && !task.assignee && task.status === 'Open') {
        void act('claim', task);
      } else if (event.key === 'r' && task && task.assignee?.toLowerCase() === me.username.toLowerCase() && task.status === 'Open') {
        void act('release', task);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [rows, cursor, navigate, act, me.username]);

  useEffect(() => {
    table.current?.querySelector(`tr[data-row-index="${cursor}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [cursor]);

  const columns: ColumnsType<Task> = [
    {
      title: t('inbox.priority'),
      dataIndex: 'priority',
      width: 110,
      render: (priority: Priority) => <Tag color={priorityColor[priority]}>{t(`priority.${priority}`)}</Tag>,
    },
    {
      title: t('inbox.task'),
      dataIndex: 'title',
      render: (_, task) => (
        <Space orientation="vertical" size={0}>
          <Space size={6} wrap>
            <Link to={`/tasks/${encodeURIComponent(task.id)}`} data-testid="inbox-task-link">{task.title}</Link>
            {task.isDrill && <Tag color="purple">{t('inbox.drill')}</Tag>}
            {task.kind === 'FollowUp' && <Tag>{t('inbox.followUp')}</Tag>}
          </Space>
          <Space size={6} wrap>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {[
                task.caseNumber,
                task.caseType && t(`case.types.${task.caseType}`, { defaultValue: task.caseType }),
                task.category && t(`categories.${task.category}`, { defaultValue: task.category }),
                task.channel && t(`case.channels.${task.channel}`, { defaultValue: task.channel }),
                task.department && t('inbox.department', { department: task.department }),
              ].filter(Boolean).join(' · ') || t('inbox.noCase')}
            </Typography.Text>
            {task.emergencyLinked && <Tooltip title={t('inbox.emergencyLinked')}><AlertOutlined style={{ color: '#cf1322' }} aria-label={t('inbox.emergencyLinked')} /></Tooltip>}
          </Space>
        </Space>
      ),
    },
    {
      title: t('inbox.due'),
      dataIndex: 'dueAt',
      width: 200,
      // Without a due time of its own, a task still works against its case's SLA: that clock is shown, marked as such.
      render: (_, task) => (!task.dueAt && task.caseDueAt ? (
        <Space size={4}>
          <Tooltip title={t('inbox.caseSlaHint')}><Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('inbox.caseSla')}</Typography.Text></Tooltip>
          <DueTag dueAt={task.caseDueAt} now={now} />
        </Space>
      ) : <DueTag dueAt={task.dueAt} now={now} />),
    },
    {
      title: t('inbox.assignee'),
      dataIndex: 'assignee',
      width: 170,
      render: (_, task) => task.assignee ?? <Typography.Text type="secondary">{t('inbox.forRole', { role: t(`roles.${task.candidateRole ?? 'Agent'}`, { defaultValue: task.candidateRole ?? '' }) })}</Typography.Text>,
    },
    { title: t('inbox.created'), dataIndex: 'createdAt', width: 150, render: (at: string) => <Tooltip title={dayjs(at).format('YYYY-MM-DD HH:mm:ss')}>{dayjs(at).format('MM-DD HH:mm')}</Tooltip> },
    {
      key: 'actions',
      width: 120,
      render: (_, task) => {
        if (task.status !== 'Open') return null;
        if (!task.assignee)
          return <Button size="small" type="primary" onClick={() => void act('claim', task)} loading={actions.claim.isPending && actions.claim.variables === task.id} data-testid="inbox-claim">{t('inbox.claim')}</Button>;
        if (task.assignee.toLowerCase() === me.username.toLowerCase())
          return <Button size="small" onClick={() => void act('release', task)} loading={actions.release.isPending && actions.release.variables === task.id} data-testid="inbox-release">{t('inbox.release')}</Button>;
        return null;
      },
    },
  ];

  const emptyText = (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filtered ? t('inbox.empty.filtered') : t(`inbox.empty.${view}`)}>
      {filtered ? (
        <Button onClick={() => go({ clear: true })}>{t('inbox.clearFilters')}</Button>
      ) : (
        view === 'mine' && <Button onClick={() => go({ view: 'available' })}>{t('inbox.showAvailable')}</Button>
      )}
    </Empty>
  );

  return (
    <div className="page" data-testid="inbox">
      <div className="page__header">
        <Space align="center" size="middle">
          <Typography.Title level={3} style={{ margin: 0 }}>{t('inbox.title')}</Typography.Title>
          {inbox.data && <Badge count={inbox.data.totalIsCapped ? `${inbox.data.total.toLocaleString()}+` : inbox.data.total} overflowCount={99999} showZero color="#1668dc" data-testid="inbox-total" />}
        </Space>
        <Space wrap>
          <Segmented
            value={view}
            onChange={(value) => go({ view: value as TaskView })}
            options={views.filter((v) => !overseerViews.includes(v) || oversees).map((v) => ({ value: v, label: t(`inbox.views.${v}`) }))}
            data-testid="inbox-view"
          />
          <Tooltip title={t('inbox.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={() => void inbox.refetch()} loading={inbox.isFetching} aria-label={t('inbox.refresh')} />
          </Tooltip>
        </Space>
      </div>
      <Space wrap className="inbox__filters" data-testid="inbox-filters">
        {filterSelect('type', caseTypes.map((value) => ({ value, label: t(`case.types.${value}`) })), 130)}
        {filterSelect('category', categoryOptions, 170)}
        {filterSelect('priority', priorities.map((value) => ({ value, label: t(`priority.${value}`) })), 120)}
        {filterSelect('channel', channels.map((value) => ({ value, label: t(`case.channels.${value}`) })), 130)}
        {filterSelect('emergency', [{ value: 'true', label: t('inbox.filters.emergencyYes') }, { value: 'false', label: t('inbox.filters.emergencyNo') }], 170)}
        {filterSelect('drill', [{ value: 'false', label: t('inbox.filters.drillNo') }, { value: 'true', label: t('inbox.filters.drillOnly') }], 140)}
        <Select
          style={{ width: 190 }}
          value={sort}
          onChange={(value: TaskSort) => go({ sort: value })}
          options={sorts.map((value) => ({ value, label: t(`inbox.sorts.${value}`) }))}
          data-testid="inbox-sort"
        />
        {filtered && <Button icon={<ClearOutlined />} onClick={() => go({ clear: true })}>{t('inbox.clearFilters')}</Button>}
      </Space>
      {inbox.isError && (
        <Alert type="error" showIcon title={t('inbox.loadFailed')} description={describeError(inbox.error, t)} action={<Button onClick={() => void inbox.refetch()}>{t('shell.retry')}</Button>} />
      )}
      <div ref={table}>
        <Table<Task>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={inbox.isLoading}
          locale={{ emptyText: inbox.isLoading ? ' ' : emptyText }}
          onRow={(task, index) => ({
            'data-row-index': index,
            'data-testid': 'inbox-row',
            className: [index === cursor ? 'inbox__row--cursor' : '', task.status === 'Open' && task.dueAt && Date.parse(task.dueAt) < now ? 'inbox__row--overdue' : ''].join(' '),
            onClick: () => setCursor(index ?? 0),
            onDoubleClick: () => navigate(`/tasks/${encodeURIComponent(task.id)}`),
          } as HTMLAttributes<HTMLElement>)}
          pagination={{
            current: page,
            pageSize,
            total: inbox.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [10, 25, 50, 100],
            showTotal: (total) => (inbox.data?.totalIsCapped ? t('inbox.totalCapped', { count: total }) : t('inbox.total', { count: total })),
            onChange: (nextPage, nextSize) => go({ page: nextPage, pageSize: nextSize }),
          }}
        />
      </div>
      <Typography.Text type="secondary" className="inbox__keys">{t('inbox.keys')}</Typography.Text>
    </div>
  );
}
