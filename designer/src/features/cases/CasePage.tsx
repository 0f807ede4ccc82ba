import { useState } from 'react';
import { Alert, App, Badge, Button, Card, Empty, Form, Input, List, Result, Skeleton, Space, Switch, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import { ArrowLeftOutlined, SwapOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { Roles } from '../../api/types';
import { hasAnyRole, useMe } from '../auth/session';
import { describeError } from '../shell/errors';
import { submitForm } from '../shell/submitForm';
import { DueTag } from '../tasks/DueTag';
import { useNow } from '../tasks/due';
import { priorityColor, type Task } from '../tasks/types';
import { useCase, useCaseActions } from './api';
import { CaseCard, caseStatusColor, CustomerCard, LinkedCases } from './CaseCards';
import { useLabels } from '../forms/labels';
import { useTimelineText } from './timelineText';
import type { CaseDetails, Message, TimelineItem } from './types';

/**
 * A case with everything about it: its timeline (the case's events and, on demand, the workflow's steps), its tasks,
 * the messages sent about it, notes and transfers; the customer with their other cases. Agents add notes; the owner
 * or a supervisor transfers it.
 */
export function CasePage() {
  const { caseId = '' } = useParams();
  const { t } = useTranslation();
  const found = useCase(caseId);
  if (found.isLoading) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (found.isError || !found.data) {
    const status = found.error instanceof ApiError ? found.error.status : 0;
    return (
      <Result
        status={status === 404 ? '404' : 'warning'}
        title={status === 404 ? t('casePage.notFound') : t('casePage.loadFailed')}
        subTitle={status === 404 ? t('casePage.notFoundHint') : describeError(found.error, t)}
        extra={<Link to="/cases"><Button type="primary">{t('casePage.backToCases')}</Button></Link>}
        data-testid="case-error"
      />
    );
  }
  return <CaseView details={found.data} />;
}

function CaseView({ details }: { details: CaseDetails }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const now = useNow();
  const me = useMe().data!;
  const worksCases = hasAnyRole(me, [Roles.Agent, Roles.Supervisor, Roles.Admin]);
  const mayTransfer = worksCases && (details.owner?.toLowerCase() === me.username.toLowerCase() || hasAnyRole(me, [Roles.Supervisor, Roles.Admin]));
  const open = details.tasks.filter((task) => task.status === 'Open').length;

  return (
    <div className="page" data-testid="case-page">
      <div className="page__header">
        <Space orientation="vertical" size={2}>
          <Link to="/cases"><ArrowLeftOutlined /> {t('casePage.backToCases')}</Link>
          <Space size={8} wrap align="center">
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="case-number">{details.number}</Typography.Title>
            <Tag>{t(`case.types.${details.type}`)}</Tag>
            <Tag color={caseStatusColor[details.status]} data-testid="case-status">{t(`case.statuses.${details.status}`)}</Tag>
            <Tag color={priorityColor[details.priority]}>{t(`priority.${details.priority}`)}</Tag>
            {details.isDrill && <Tag color="purple">{t('inbox.drill')}</Tag>}
          </Space>
        </Space>
      </div>
      <div className="task__body">
        <Card>
          <Tabs
            items={[
              { key: 'timeline', label: t('casePage.timeline'), children: <CaseTimeline items={details.timeline} /> },
              { key: 'tasks', label: <Badge count={open} size="small" offset={[8, -2]}>{t('casePage.tasks')}</Badge>, children: <CaseTasks tasks={details.tasks} now={now} /> },
              { key: 'messages', label: t('casePage.messages', { count: details.messages.length }), children: <CaseMessages messages={details.messages} /> },
              { key: 'notes', label: t('casePage.notes', { count: details.notes.length }), children: <CaseNotes details={details} mayAdd={worksCases} /> },
              { key: 'transfers', label: t('casePage.transfers', { count: details.transfers.length }), children: <CaseTransfers details={details} mayTransfer={mayTransfer} /> },
            ]}
            data-testid="case-tabs"
          />
        </Card>
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <CaseCard details={details} now={now} />
          {details.links.length > 0 && <LinkedCases links={details.links} />}
          {details.customer && <CustomerCard details={details} />}
          {Object.keys(details.fields).length > 0 && (
            <Card title={t('casePage.fields')} size="small" data-testid="case-fields">
              <List size="small" dataSource={Object.entries(details.fields)} renderItem={([name, value]) => <List.Item><Typography.Text type="secondary">{labels.field(name)}</Typography.Text>&nbsp;{labels.value(value)}</List.Item>} />
            </Card>
          )}
        </Space>
      </div>
    </div>
  );
}

/** The case's events; the workflow's own steps on demand (they are many, and mostly of interest to process owners). */
function CaseTimeline({ items }: { items: TimelineItem[] }) {
  const { t } = useTranslation();
  const say = useTimelineText();
  const [steps, setSteps] = useState(false);
  const shown = steps ? items : items.filter((item) => item.source === 'case');
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="case-timeline">
      <Space>
        <Switch size="small" checked={steps} onChange={setSteps} data-testid="case-timeline-steps" />
        <Typography.Text type="secondary">{t('casePage.showSteps')}</Typography.Text>
      </Space>
      {shown.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('casePage.noEvents')} />
      ) : (
        <Timeline
          items={shown.map((item, index) => ({
            key: `${item.at}-${index}`,
            color: item.source === 'workflow' ? 'gray' : item.kind === 'Sla' ? 'orange' : 'blue',
            content: (
              <Space orientation="vertical" size={0}>
                <Space size={6} wrap>
                  <Typography.Text strong>{say(item).title}</Typography.Text>
                  {item.actor && <Typography.Text type="secondary">{item.actor}</Typography.Text>}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{dayjs(item.at).format('YYYY-MM-DD HH:mm:ss')}</Typography.Text>
                </Space>
                {say(item).detail && <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'pre-wrap' }}>{say(item).detail}</Typography.Text>}
              </Space>
            ),
          }))}
        />
      )}
    </Space>
  );
}

function CaseTasks({ tasks, now }: { tasks: Task[]; now: number }) {
  const { t } = useTranslation();
  const labels = useLabels();
  if (tasks.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('casePage.noTasks')} />;
  return (
    <Table<Task>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={[...tasks].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))}
      columns={[
        { title: t('inbox.task'), dataIndex: 'title', render: (title: string, task) => <Link to={`/tasks/${encodeURIComponent(task.id)}`}>{title}</Link> },
        { title: t('case.status'), dataIndex: 'status', width: 110, render: (status: string) => <Tag color={status === 'Open' ? 'processing' : status === 'Completed' ? 'success' : 'default'}>{t(`task.status.${status}`)}</Tag> },
        { title: t('task.outcome'), dataIndex: 'outcome', width: 130, render: (outcome: string | null) => labels.outcome(outcome) },
        { title: t('inbox.assignee'), width: 140, render: (_, task) => task.completedBy ?? task.assignee ?? t('inbox.forRole', { role: t(`roles.${task.candidateRole ?? 'Agent'}`, { defaultValue: task.candidateRole ?? '' }) }) },
        { title: t('inbox.due'), width: 170, render: (_, task) => <DueTag dueAt={task.dueAt} now={now} done={task.status !== 'Open'} /> },
      ]}
      data-testid="case-tasks"
    />
  );
}

function CaseMessages({ messages }: { messages: Message[] }) {
  const { t } = useTranslation();
  if (messages.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('casePage.noMessages')} />;
  return (
    <List
      dataSource={messages}
      renderItem={(m) => (
        <List.Item key={m.id}>
          <List.Item.Meta
            title={
              <Space size={6} wrap>
                <Typography.Text strong>{m.subject ?? t('casePage.noSubject')}</Typography.Text>
                <Tag>{t(`casePage.recipientKinds.${m.recipientKind}`)}: {m.recipient}</Tag>
                <Tag color={m.status === 'Sent' ? 'success' : m.status === 'Failed' ? 'error' : 'default'}>{t(`casePage.messageStatuses.${m.status}`)}</Tag>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{m.channel} · {dayjs(m.createdAt).format('MM-DD HH:mm')}</Typography.Text>
              </Space>
            }
            description={<Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }} ellipsis={{ rows: 3, expandable: true }}>{m.body}</Typography.Paragraph>}
          />
        </List.Item>
      )}
      data-testid="case-messages"
    />
  );
}

function CaseNotes({ details, mayAdd }: { details: CaseDetails; mayAdd: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { addNote } = useCaseActions(details.id);
  const [form] = Form.useForm<{ text: string }>();
  const add = async () => {
    const added = await submitForm(
      form,
      ['text'],
      async (values) => {
        await addNote.mutateAsync(values.text.trim());
        return true;
      },
      (error) => message.error(describeError(error, t)),
    );
    if (!added) return;
    form.resetFields();
    message.success(t('casePage.noteAdded'));
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {mayAdd && (
        <Form form={form} layout="vertical" data-testid="case-note-form">
          <Form.Item name="text" rules={[{ required: true, whitespace: true, message: t('casePage.noteRequired') }]} style={{ marginBottom: 8 }}>
            <Input.TextArea rows={3} placeholder={t('casePage.notePlaceholder')} />
          </Form.Item>
          <Button type="primary" onClick={() => void add()} loading={addNote.isPending} data-testid="case-note-add">{t('casePage.addNote')}</Button>
        </Form>
      )}
      {details.notes.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('casePage.noNotes')} />
      ) : (
        <List
          dataSource={[...details.notes].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))}
          renderItem={(note) => (
            <List.Item key={note.id}>
              <List.Item.Meta title={<Space size={6}><Typography.Text strong>{note.author}</Typography.Text><Typography.Text type="secondary" style={{ fontSize: 12 }}>{dayjs(note.createdAt).format('YYYY-MM-DD HH:mm')}</Typography.Text></Space>} description={<span style={{ whiteSpace: 'pre-wrap' }}>{note.text}</span>} />
            </List.Item>
          )}
          data-testid="case-notes"
        />
      )}
    </Space>
  );
}

function CaseTransfers({ details, mayTransfer }: { details: CaseDetails; mayTransfer: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { transfer } = useCaseActions(details.id);
  const [form] = Form.useForm<{ toOwner: string; reason: string }>();
  const [failure, setFailure] = useState<string | null>(null);
  const submit = async () => {
    setFailure(null);
    const owner = await submitForm(
      form,
      ['toOwner', 'reason'],
      async (values) => {
        await transfer.mutateAsync({ toOwner: values.toOwner.trim(), reason: values.reason.trim() });
        return values.toOwner.trim();
      },
      (error) => setFailure(describeError(error, t)),
    );
    if (owner === undefined) return;
    form.resetFields();
    message.success(t('casePage.transferred', { owner }));
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {mayTransfer && (
        <Card size="small" title={<Space><SwapOutlined />{t('casePage.transferTitle')}</Space>}>
          {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 12 }} />}
          <Form form={form} layout="vertical" data-testid="case-transfer-form">
            <Form.Item name="toOwner" label={t('casePage.toOwner')} rules={[{ required: true, whitespace: true, message: t('casePage.toOwnerRequired') }]}>
              <Input placeholder={t('casePage.toOwnerHint')} autoComplete="off" />
            </Form.Item>
            <Form.Item name="reason" label={t('casePage.reason')} rules={[{ required: true, whitespace: true, message: t('casePage.reasonRequired') }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
            <Button type="primary" onClick={() => void submit()} loading={transfer.isPending} data-testid="case-transfer-submit">{t('casePage.transfer')}</Button>
          </Form>
        </Card>
      )}
      {details.transfers.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('casePage.noTransfers')} />
      ) : (
        <List
          dataSource={details.transfers}
          renderItem={(x) => (
            <List.Item key={x.id}>
              <List.Item.Meta
                title={t('casePage.transferLine', { from: x.fromOwner, to: x.toOwner, by: x.transferredBy })}
                description={`${dayjs(x.at).format('YYYY-MM-DD HH:mm')} · ${x.reason}`}
              />
            </List.Item>
          )}
          data-testid="case-transfers"
        />
      )}
    </Space>
  );
}
