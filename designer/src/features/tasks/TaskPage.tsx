import { Alert, App, Button, Card, Descriptions, Empty, Form, Result, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import { ArrowLeftOutlined, CheckCircleOutlined, UserOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { useCase } from '../cases/api';
import { CaseCard, CustomerCard, LinkedCases } from '../cases/CaseCards';
import { useLabels } from '../forms/labels';
import { useTimelineText } from '../cases/timelineText';
import type { CaseDetails } from '../cases/types';
import { submitTaskForm, TaskForm } from '../forms/TaskForm';
import { useMe } from '../auth/session';
import { describeError } from '../shell/errors';
import { useTask, useTaskActions } from './api';
import { DueTag } from './DueTag';
import { useNow } from './due';
import { priorityColor, type Task } from './types';

/**
 * One task: its form and outcome buttons, and why it exists — the steps the case took to get here (who did what and
 * what they decided), the case, the customer with their other cases, and the SLA clocks.
 */
export function TaskPage() {
  const { taskId = '' } = useParams();
  const { t } = useTranslation();
  const task = useTask(taskId);

  if (task.isLoading) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (task.isError || !task.data) {
    const status = task.error instanceof ApiError ? task.error.status : 0;
    return (
      <Result
        status={status === 403 ? '403' : status === 404 ? '404' : 'warning'}
        title={status === 403 ? t('task.forbidden') : status === 404 ? t('task.notFound') : t('task.loadFailed')}
        subTitle={describeError(task.error, t)}
        extra={<Link to="/inbox"><Button type="primary">{t('task.backToInbox')}</Button></Link>}
        data-testid="task-error"
      />
    );
  }
  return <TaskView task={task.data} />;
}

function TaskView({ task }: { task: Task }) {
  const { t } = useTranslation();
  const now = useNow();
  const owningCase = useCase(task.caseId);
  const open = task.status === 'Open';

  return (
    <div className="page" data-testid="task-page">
      <div className="page__header">
        <Space orientation="vertical" size={2}>
          <Link to="/inbox"><ArrowLeftOutlined /> {t('task.backToInbox')}</Link>
          <Space size={8} wrap align="center">
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="task-title">{task.title}</Typography.Title>
            <Tag color={open ? 'processing' : task.status === 'Completed' ? 'success' : 'default'} data-testid="task-status">{t(`task.status.${task.status}`)}</Tag>
            <Tag color={priorityColor[task.priority]}>{t(`priority.${task.priority}`)}</Tag>
            {task.isDrill && <Tag color="purple">{t('inbox.drill')}</Tag>}
            {open && <DueTag dueAt={task.dueAt} now={now} />}
          </Space>
        </Space>
      </div>
      <div className="task__body">
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <TaskWork task={task} />
          {owningCase.data && <WhyThisTask task={task} details={owningCase.data} />}
        </Space>
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          {task.caseId && owningCase.isLoading && <Card><Skeleton active /></Card>}
          {owningCase.isError && <Alert type="warning" showIcon title={t('task.caseUnavailable')} description={describeError(owningCase.error, t)} />}
          {owningCase.data && <CaseCard details={owningCase.data} now={now} link />}
          {owningCase.data && owningCase.data.links.length > 0 && <LinkedCases links={owningCase.data.links} />}
          {owningCase.data?.customer && <CustomerCard details={owningCase.data} />}
        </Space>
      </div>
    </div>
  );
}

/** The form and the outcomes while the task is open; who did it and what they answered once it is not. */
function TaskWork({ task }: { task: Task }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const me = useMe().data!;
  const actions = useTaskActions();
  const [form] = Form.useForm();
  const open = task.status === 'Open';
  const mine = task.assignee?.toLowerCase() === me.username.toLowerCase();
  const outcomes = task.outcomes.length ? task.outcomes : ['Done'];

  const complete = async (outcome: string) => {
    const done = await submitTaskForm(form, task.form, (data) => actions.complete.mutateAsync({ id: task.id, outcome, data }), (error) => message.error(describeError(error, t)));
    if (!done) return;
    message.success(done.resumedAt ? t('task.completed', { outcome: labels.outcome(outcome) }) : t('task.completedPending', { outcome: labels.outcome(outcome) }));
    // Back where the task was opened from (the inbox, a case, the emergency board); a link opened afresh goes to the inbox.
    if (location.key !== 'default') navigate(-1);
    else navigate('/inbox');
  };

  const claimOrRelease = async (kind: 'claim' | 'release') => {
    try {
      await actions[kind].mutateAsync(task.id);
    } catch (error) {
      message.error(describeError(error, t));
    }
  };

  return (
    <Card
      title={t('task.work')}
      extra={open && (
        <Space>
          <Typography.Text type="secondary">
            <UserOutlined /> {task.assignee ?? t('inbox.forRole', { role: t(`roles.${task.candidateRole ?? 'Agent'}`, { defaultValue: task.candidateRole ?? '' }) })}
          </Typography.Text>
          {!task.assignee && <Button size="small" onClick={() => void claimOrRelease('claim')} loading={actions.claim.isPending} data-testid="task-claim">{t('inbox.claim')}</Button>}
          {mine && <Button size="small" onClick={() => void claimOrRelease('release')} loading={actions.release.isPending} data-testid="task-release">{t('inbox.release')}</Button>}
        </Space>
      )}
      data-testid="task-work"
    >
      {task.instructions && <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="task-instructions">{task.instructions}</Typography.Paragraph>}
      {open ? (
        <>
          {task.form.length > 0 ? <TaskForm form={form} fields={task.form} testId="task-form" /> : <Typography.Paragraph type="secondary">{t('task.noForm')}</Typography.Paragraph>}
          <Space wrap>
            {outcomes.map((outcome, index) => (
              <Button
                key={outcome}
                type={index === 0 ? 'primary' : 'default'}
                onClick={() => void complete(outcome)}
                loading={actions.complete.isPending && actions.complete.variables?.outcome === outcome}
                disabled={actions.complete.isPending}
                data-testid={`task-outcome-${outcome}`}
              >
                {labels.outcome(outcome)}
              </Button>
            ))}
          </Space>
        </>
      ) : (
        <Descriptions size="small" column={1} data-testid="task-result">
          <Descriptions.Item label={t('task.outcome')}><CheckCircleOutlined /> {labels.outcome(task.outcome)}</Descriptions.Item>
          <Descriptions.Item label={t('task.completedBy')}>{task.completedBy ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('task.completedAt')}>{task.completedAt ? dayjs(task.completedAt).format('YYYY-MM-DD HH:mm') : '—'}</Descriptions.Item>
          {Object.entries(task.data).map(([name, value]) => (
            <Descriptions.Item key={name} label={task.form.find((field) => field.name === name)?.label ?? name}>{labels.value(value)}</Descriptions.Item>
          ))}
        </Descriptions>
      )}
    </Card>
  );
}


/**
 * The path the case took to this task, oldest first: its earlier tasks with who answered what, and the case's own
 * events (intake, SLA clocks, messages, transfers). The workflow's internal steps (forks, notifications as steps) are
 * the case page's full timeline, not the reason for a task.
 */
function WhyThisTask({ task, details }: { task: Task; details: CaseDetails }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const say = useTimelineText();
  const earlier = details.timeline.filter((item) => item.source === 'case' && Date.parse(item.at) <= Date.parse(task.createdAt) + 1000);
  const decided = details.tasks.filter((other) => other.id !== task.id && other.status === 'Completed' && Date.parse(other.completedAt ?? '') <= Date.parse(task.createdAt) + 1000);
  return (
    <Card title={t('task.why')} data-testid="task-why">
      {decided.length > 0 && (
        <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }} data-testid="task-decisions">
          {decided.map((other) => (
            <Descriptions.Item key={other.id} label={other.title}>
              <Space size={4} wrap>
                <Tag color="green">{labels.outcome(other.outcome)}</Tag>
                {t('task.decidedBy', { who: other.completedBy ?? '—', at: dayjs(other.completedAt).format('MM-DD HH:mm') })}
                {Object.entries(other.data).slice(0, 4).map(([name, value]) => <Tag key={name}>{`${other.form.find((field) => field.name === name)?.label ?? name}: ${labels.value(value)}`}</Tag>)}
              </Space>
            </Descriptions.Item>
          ))}
        </Descriptions>
      )}
      {earlier.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('task.noHistory')} />
      ) : (
        <Timeline
          items={earlier.map((item, index) => ({
            key: `${item.at}-${index}`,
            color: item.source === 'workflow' ? 'gray' : 'blue',
            content: (
              <Space orientation="vertical" size={0}>
                <Space size={6} wrap>
                  <Typography.Text strong>{say(item).title}</Typography.Text>
                  {item.actor && <Typography.Text type="secondary">{item.actor}</Typography.Text>}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{dayjs(item.at).format('MM-DD HH:mm:ss')}</Typography.Text>
                </Space>
                {say(item).detail && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{say(item).detail}</Typography.Text>}
              </Space>
            ),
          }))}
        />
      )}
    </Card>
  );
}
