import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Drawer, Empty, Form, Input, Space, Tabs, Tag, Timeline, Typography } from 'antd';
import { ClockCircleOutlined, PlayCircleOutlined, ReloadOutlined, SendOutlined, StopOutlined, ThunderboltOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../shell/errors';
import type { ElsaDefinition } from '../elsa';
import { useCompleteTask, useFireTimer, usePublishEvent, useTestRunActions } from './api';
import { runState } from './model';
import { submitTaskForm, TaskForm } from '../../forms/TaskForm';
import type { TestRun, TestRunWait } from './types';

const stateColor = { waiting: 'processing', finished: 'success', faulted: 'error', cancelled: 'default', running: 'processing' } as const;

// One step every 150 ms: fast enough for a long path, slow enough to follow.
const stepInterval = 150;

interface Props {
  open: boolean;
  definition: ElsaDefinition;
  /** Says whether the current definition has errors: a run of a broken draft would only fault. */
  errorCount: number;
  run: TestRun | null;
  revealed: number;
  onRun: (run: TestRun | null) => void;
  onRevealed: (revealed: number) => void;
  onClose: () => void;
  activityName: (id: string) => string;
}

/**
 * The designer's test run: runs the draft as it is in the editor in the server's sandbox (nothing saved, nobody told,
 * no case filed), shows the path it takes step by step on the canvas, and lets the process owner answer what it waits
 * for — a task with an outcome and form values, an event, a timer — until it finishes.
 */
export function TestRunPanel({ open, definition, errorCount, run, revealed, onRun, onRevealed, onClose, activityName }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const actions = useTestRunActions();
  const [input, setInput] = useState('{}');
  const [inputError, setInputError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const total = run?.steps.filter((step) => step.depth === 0).length ?? 0;

  // Reveal the path one step at a time.
  useEffect(() => {
    if (revealed >= total) return;
    const timer = window.setTimeout(() => onRevealed(revealed + 1), stepInterval);
    return () => window.clearTimeout(timer);
  }, [revealed, total, onRevealed]);

  const start = async () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(input || '{}');
    } catch (error) {
      setInputError(t('testRun.inputInvalid', { message: error instanceof Error ? error.message : String(error) }));
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      setInputError(t('testRun.inputNotObject'));
      return;
    }
    setInputError(null);
    setFailure(null);
    try {
      onRevealed(0);
      onRun(await actions.start.mutateAsync({ definition, input: parsed as Record<string, unknown> }));
    } catch (error) {
      setFailure(describeError(error, t));
    }
  };

  const stop = async () => {
    if (run) await actions.stop.mutateAsync(run.id).catch(() => undefined);
    onRun(null);
    onRevealed(0);
  };

  // The steps already shown stay lit (revealed is kept); the new ones light up in turn.
  const update = (next: TestRun) => onRun(next);

  const state = run ? runState(run) : null;

  return (
    <Drawer
      open={open}
      onClose={onClose}
      mask={false}
      size={460}
      title={
        <Space>
          {t('testRun.title')}
          {state && <Tag color={stateColor[state]} data-testid="test-run-state">{t(`testRun.states.${state}`)}</Tag>}
        </Space>
      }
      extra={run && (
        <Space>
          <Button size="small" icon={<ReloadOutlined />} onClick={() => void start()} loading={actions.start.isPending} data-testid="test-run-again">{t('testRun.again')}</Button>
          <Button size="small" icon={<StopOutlined />} onClick={() => void stop()} data-testid="test-run-stop">{t('testRun.stop')}</Button>
        </Space>
      )}
      data-testid="test-run"
    >
      <div className="test-run">
        {!run && (
          <>
            <Typography.Paragraph type="secondary">{t('testRun.intro')}</Typography.Paragraph>
            {errorCount > 0 && <Alert type="warning" showIcon title={t('testRun.hasErrors', { count: errorCount })} />}
            <Form layout="vertical">
              <Form.Item label={t('testRun.input')} help={inputError ?? t('testRun.inputHint')} validateStatus={inputError ? 'error' : undefined}>
                <Input.TextArea rows={5} value={input} onChange={(event) => setInput(event.target.value)} style={{ fontFamily: 'monospace' }} data-testid="test-run-input" />
              </Form.Item>
            </Form>
            <Button type="primary" icon={<PlayCircleOutlined />} onClick={() => void start()} loading={actions.start.isPending} data-testid="test-run-start">{t('testRun.start')}</Button>
          </>
        )}
        {failure && <Alert type="error" showIcon title={failure} />}
        {run && (
          <>
            <RunWaits run={run} activityName={activityName} onUpdate={update} onError={(error) => message.error(describeError(error, t))} />
            {run.incidents.length > 0 && (
              <Alert
                type="error"
                showIcon
                title={t('testRun.faulted')}
                description={run.incidents.map((incident) => (
                  <div key={`${incident.instanceId}-${incident.activityId}`} data-testid="test-run-incident">
                    <Typography.Text strong>{activityName(incident.activityId)}</Typography.Text>: {incident.message}
                  </div>
                ))}
              />
            )}
            {state === 'finished' && <Alert type="success" showIcon title={t('testRun.finished')} />}
            <Tabs
              size="small"
              items={[
                { key: 'steps', label: t('testRun.steps', { count: run.steps.length }), children: <Steps run={run} activityName={activityName} /> },
                { key: 'effects', label: t('testRun.effects', { count: run.effects.length }), children: <Effects run={run} activityName={activityName} /> },
                { key: 'variables', label: t('testRun.variables'), children: <Values values={run.variables} empty={t('testRun.noVariables')} /> },
                { key: 'console', label: t('testRun.console'), children: run.console.length ? <pre data-testid="test-run-console">{run.console.join('\n')}</pre> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('testRun.noConsole')} /> },
              ]}
            />
          </>
        )}
      </div>
    </Drawer>
  );
}

// What a person gives first: tasks, then events; timers can wait.
const waitOrder = { task: 0, event: 1, timer: 2, other: 3 } as const;

/** What the run waits for, each with the way to give it: a task's form and outcomes, an event, a timer. */
function RunWaits({ run, activityName, onUpdate, onError }: { run: TestRun; activityName: (id: string) => string; onUpdate: (run: TestRun) => void; onError: (error: unknown) => void }) {
  const { t } = useTranslation();
  if (run.status === 'Finished' || run.waits.length === 0) return null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text strong>{t('testRun.waitingFor')}</Typography.Text>
      {[...run.waits].sort((a, b) => waitOrder[a.kind] - waitOrder[b.kind]).map((wait) => (
        <Card key={wait.bookmarkId} size="small" title={wait.title || activityName(wait.activityId)} data-testid={`test-run-wait-${wait.kind}`}>
          {wait.kind === 'task' && <TaskWait run={run} wait={wait} onUpdate={onUpdate} onError={onError} />}
          {wait.kind === 'event' && <EventWait run={run} wait={wait} onUpdate={onUpdate} onError={onError} />}
          {wait.kind === 'timer' && <TimerWait run={run} wait={wait} onUpdate={onUpdate} onError={onError} />}
          {wait.kind === 'other' && <Typography.Text type="secondary">{t('testRun.otherWait', { name: wait.name ?? wait.activityId })}</Typography.Text>}
        </Card>
      ))}
    </Space>
  );
}

interface WaitProps {
  run: TestRun;
  wait: TestRunWait;
  onUpdate: (run: TestRun) => void;
  onError: (error: unknown) => void;
}

function TaskWait({ run, wait, onUpdate, onError }: WaitProps) {
  const { t } = useTranslation();
  const complete = useCompleteTask();
  const [form] = Form.useForm();
  const fields = wait.form ?? [];
  const outcomes = wait.outcomes?.length ? wait.outcomes : ['Done'];

  // A field required only for some outcomes is checked by the server, which names it (data.<name>) as a real completion would.
  const submit = async (outcome: string) => {
    const updated = await submitTaskForm(form, fields, (data) => complete.mutateAsync({ run: run.id, taskId: wait.taskId!, outcome, data }), onError);
    if (updated) onUpdate(updated);
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Descriptions size="small" column={1}>
        {wait.instructions && <Descriptions.Item label={t('testRun.instructions')}>{wait.instructions}</Descriptions.Item>}
        <Descriptions.Item label={t('testRun.assignee')}>{wait.assignee || t('testRun.anyoneWithRole', { role: t(`roles.${wait.candidateRole ?? 'Agent'}`, { defaultValue: wait.candidateRole ?? '' }) })}</Descriptions.Item>
        {wait.dueIn && <Descriptions.Item label={t('testRun.dueIn')}>{wait.dueIn}</Descriptions.Item>}
      </Descriptions>
      {fields.length > 0 && <TaskForm form={form} fields={fields} size="small" testId="test-run-form" />}
      <Space wrap>
        {outcomes.map((outcome) => (
          <Button key={outcome} type={outcome === outcomes[0] ? 'primary' : 'default'} size="small" onClick={() => void submit(outcome)} loading={complete.isPending && complete.variables?.outcome === outcome} data-testid={`test-run-outcome-${outcome}`}>
            {outcome}
          </Button>
        ))}
      </Space>
    </Space>
  );
}

function EventWait({ run, wait, onUpdate, onError }: WaitProps) {
  const { t } = useTranslation();
  const publish = usePublishEvent();
  const [payload, setPayload] = useState('');
  const [payloadError, setPayloadError] = useState<string | null>(null);
  const send = async () => {
    let parsed: unknown = null;
    if (payload.trim()) {
      try {
        parsed = JSON.parse(payload);
      } catch (error) {
        setPayloadError(t('testRun.inputInvalid', { message: error instanceof Error ? error.message : String(error) }));
        return;
      }
    }
    setPayloadError(null);
    try {
      onUpdate(await publish.mutateAsync({ run: run.id, eventName: wait.eventName ?? '', payload: parsed }));
    } catch (error) {
      onError(error);
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text>{t('testRun.eventWait', { name: wait.eventName })}</Typography.Text>
      <Form.Item label={t('testRun.payload')} help={payloadError ?? undefined} validateStatus={payloadError ? 'error' : undefined} style={{ marginBottom: 0 }}>
        <Input.TextArea rows={2} value={payload} placeholder='{ "approved": true }' onChange={(event) => setPayload(event.target.value)} style={{ fontFamily: 'monospace' }} />
      </Form.Item>
      <Button size="small" type="primary" icon={<SendOutlined />} onClick={() => void send()} loading={publish.isPending} data-testid="test-run-publish">{t('testRun.publish')}</Button>
    </Space>
  );
}

function TimerWait({ run, wait, onUpdate, onError }: WaitProps) {
  const { t } = useTranslation();
  const fire = useFireTimer();
  return (
    <Space orientation="vertical">
      <Typography.Text><ClockCircleOutlined /> {wait.dueAt ? t('testRun.timerDue', { at: dayjs(wait.dueAt).format('YYYY-MM-DD HH:mm:ss') }) : t('testRun.timerWait')}</Typography.Text>
      <Button size="small" type="primary" icon={<ThunderboltOutlined />} onClick={() => void fire.mutateAsync({ run: run.id, bookmarkId: wait.bookmarkId }).then(onUpdate, onError)} loading={fire.isPending} data-testid="test-run-fire">
        {t('testRun.fireNow')}
      </Button>
    </Space>
  );
}

function Steps({ run, activityName }: { run: TestRun; activityName: (id: string) => string }) {
  const { t } = useTranslation();
  return (
    <div className="test-run__steps" data-testid="test-run-steps">
      <Timeline
        items={run.steps.map((step) => ({
          key: step.sequence,
          color: step.event === 'Faulted' ? 'red' : step.event === 'Completed' ? 'green' : step.event === 'Suspended' ? 'blue' : 'gray',
          content: (
            <Space size={4} wrap style={{ paddingLeft: step.depth * 12 }}>
              <Typography.Text strong>{step.depth === 0 ? activityName(step.activityId) : step.activityName || step.activityId}</Typography.Text>
              <Typography.Text type="secondary">{t(`testRun.events.${step.event}`, { defaultValue: step.event })}</Typography.Text>
              {step.outcomes.length > 0 && step.outcomes[0] !== 'Done' && <Tag>{step.outcomes.join(', ')}</Tag>}
              {step.message && <Typography.Text type="danger">{step.message}</Typography.Text>}
            </Space>
          ),
        }))}
      />
    </div>
  );
}

function Effects({ run, activityName }: { run: TestRun; activityName: (id: string) => string }) {
  const { t } = useTranslation();
  if (run.effects.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('testRun.noEffects')} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="test-run-effects">
      <Typography.Text type="secondary">{t('testRun.effectsHint')}</Typography.Text>
      {run.effects.map((effect) => (
        <Card key={effect.sequence} size="small" title={t(`testRun.effectKinds.${effect.kind.replace(/\./g, '_')}`, { defaultValue: effect.kind })} extra={effect.activityId ? activityName(effect.activityId) : undefined}>
          <pre>{JSON.stringify(effect.payload, null, 2)}</pre>
        </Card>
      ))}
    </Space>
  );
}

function Values({ values, empty }: { values: Record<string, unknown>; empty: string }) {
  const entries = Object.entries(values);
  if (entries.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />;
  return (
    <Descriptions size="small" column={1} bordered data-testid="test-run-variables">
      {entries.map(([name, value]) => (
        <Descriptions.Item key={name} label={name}><pre>{JSON.stringify(value, null, 1)}</pre></Descriptions.Item>
      ))}
    </Descriptions>
  );
}
