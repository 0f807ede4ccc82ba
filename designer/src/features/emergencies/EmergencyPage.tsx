import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Descriptions, Drawer, Empty, Form, Input, Radio, Result, Select, Skeleton, Space, Steps, Tag, Timeline, Tooltip, Typography } from 'antd';
import { ArrowLeftOutlined, FileAddOutlined, FireOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { Roles } from '../../api/types';
import { hasAnyRole, useMe } from '../auth/session';
import { useCase } from '../cases/api';
import { describeError } from '../shell/errors';
import { submitForm } from '../shell/submitForm';
import { DueTag } from '../tasks/DueTag';
import { useNow } from '../tasks/due';
import { useEmergency, useSubmitReport } from './api';
import { levelColor } from './EmergencyBoardPage';
import { stages, type EmergencyDetails } from './types';

const milestones = ['emergency.response', 'emergency.assessment', 'emergency.plan', 'emergency.firstNotice'];

/**
 * One emergency as its command works it: the stages, the 15 min / 1 h / 2 h / 4 h milestones and the next
 * communications update as countdowns, the next steps (the open tasks of its workflow, each a button to its task), the
 * command, the information reports, the linked cases; and a report to file.
 */
export function EmergencyPage() {
  const { emergencyId = '' } = useParams();
  const { t } = useTranslation();
  const found = useEmergency(emergencyId);
  if (found.isLoading) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (found.isError || !found.data) {
    const status = found.error instanceof ApiError ? found.error.status : 0;
    return <Result status={status === 404 ? '404' : 'warning'} title={status === 404 ? t('emergencies.notFound') : t('emergencies.loadFailed')} subTitle={describeError(found.error, t)} extra={<Link to="/emergencies"><Button type="primary">{t('emergencies.back')}</Button></Link>} />;
  }
  return <EmergencyView emergency={found.data} />;
}

function EmergencyView({ emergency }: { emergency: EmergencyDetails }) {
  const { t } = useTranslation();
  const now = useNow(15_000);
  const me = useMe().data!;
  const owningCase = useCase(emergency.id);
  const [reporting, setReporting] = useState(false);
  const current = stages.indexOf(emergency.stage);
  const openTasks = (owningCase.data?.tasks ?? []).filter((task) => task.status === 'Open');
  const clocks = (owningCase.data?.slas ?? []).filter((clock) => milestones.includes(clock.name)).sort((a, b) => milestones.indexOf(a.name) - milestones.indexOf(b.name));
  const mayReport = hasAnyRole(me, [Roles.Agent, Roles.Supervisor, Roles.Manager, Roles.Admin]);

  return (
    <div className="page" data-testid="emergency-page">
      <div className="page__header">
        <Space orientation="vertical" size={2}>
          <Link to="/emergencies"><ArrowLeftOutlined /> {t('emergencies.back')}</Link>
          <Space size={8} wrap align="center">
            <Typography.Title level={3} style={{ margin: 0 }}>{emergency.number}</Typography.Title>
            <Typography.Text>{t(`emergencies.eventTypes.${emergency.eventType}`, { defaultValue: emergency.eventType })}</Typography.Text>
            {emergency.level ? (
              <Tag color={levelColor[emergency.level]} data-testid="emergency-level">{t('emergencies.level', { level: emergency.level })}</Tag>
            ) : (
              <Tag data-testid="emergency-level">{emergency.suggestedLevel ? t('emergencies.suggested', { level: emergency.suggestedLevel }) : t('emergencies.notGraded')}</Tag>
            )}
            {emergency.red && <Tooltip title={t('emergencies.redHint')}><Tag color="red" icon={<FireOutlined />}>{t('emergencies.red')}</Tag></Tooltip>}
            {emergency.isDrill && <Tag color="purple">{t('inbox.drill')}</Tag>}
          </Space>
        </Space>
        {mayReport && emergency.stage !== 'Closed' && <Button type="primary" icon={<FileAddOutlined />} onClick={() => setReporting(true)} data-testid="emergency-report">{t('emergencies.fileReport')}</Button>}
      </div>
      <Card>
        <Steps current={Math.min(current, 5)} status={emergency.stage === 'Closed' ? 'finish' : 'process'} items={stages.map((stage) => ({ title: t(`emergencies.stages.${stage}`) }))} data-testid="emergency-stages" />
      </Card>
      <div className="task__body">
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Card title={t('emergencies.nextSteps')} data-testid="emergency-next-steps">
            {openTasks.length === 0 ? (
              <Typography.Text type="secondary">{owningCase.isLoading ? t('shell.loading') : t('emergencies.noNextSteps')}</Typography.Text>
            ) : (
              <Space wrap>
                {openTasks.map((task) => (
                  <Link key={task.id} to={`/tasks/${encodeURIComponent(task.id)}`}>
                    <Button type="primary" ghost data-testid="emergency-step" data-activity-id={task.activityId}>{task.title}</Button>
                  </Link>
                ))}
              </Space>
            )}
          </Card>
          <Card title={t('emergencies.reports', { count: emergency.reports.length })} data-testid="emergency-reports">
            {emergency.reports.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('emergencies.noReports')} />
            ) : (
              <Timeline
                items={[...emergency.reports].reverse().map((report) => ({
                  key: report.sequence,
                  content: (
                    <Space orientation="vertical" size={0}>
                      <Space size={6} wrap>
                        <Typography.Text strong>{t('emergencies.reportNumber', { sequence: report.sequence })}</Typography.Text>
                        <Tag>{t(`emergencies.forms.${report.form}`)}</Tag>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{`${report.submittedBy} · ${dayjs(report.submittedAt).format('MM-DD HH:mm')}`}</Typography.Text>
                      </Space>
                      <Typography.Text>{report.measures}</Typography.Text>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{`${t('emergencies.scope')}: ${report.scope} · ${t('emergencies.cause')}: ${report.cause}`}</Typography.Text>
                    </Space>
                  ),
                }))}
              />
            )}
          </Card>
        </Space>
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Card title={t('emergencies.deadlines')} data-testid="emergency-deadlines">
            <Space orientation="vertical" size={6} style={{ width: '100%' }}>
              {clocks.map((clock) => (
                <Space key={clock.id} size={6} wrap>
                  <Typography.Text>{t(`sla.names.${clock.name}`, { defaultValue: clock.name })}</Typography.Text>
                  {clock.status === 'Running' ? <DueTag dueAt={clock.dueAt} now={now} /> : <Tag color={clock.status === 'Breached' ? 'error' : clock.status === 'Met' ? 'success' : 'default'}>{t(`sla.statuses.${clock.status}`)}</Tag>}
                </Space>
              ))}
              <Space size={6} wrap data-testid="emergency-next-update">
                <Typography.Text>{t('emergencies.nextUpdate')}</Typography.Text>
                {emergency.nextUpdateDueAt ? <DueTag dueAt={emergency.nextUpdateDueAt} now={now} /> : <Typography.Text type="secondary">{t('emergencies.noUpdateDue')}</Typography.Text>}
              </Space>
            </Space>
          </Card>
          <Card title={t('emergencies.facts')}>
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('emergencies.occurred')}>{dayjs(emergency.occurredAt).format('YYYY-MM-DD HH:mm')}</Descriptions.Item>
              <Descriptions.Item label={t('emergencies.reportedBy')}>{emergency.reportedBy ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('emergencies.scope')}>{emergency.scope ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('emergencies.departments')}>{emergency.departments.join(', ') || '—'}</Descriptions.Item>
            </Descriptions>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 8 }}>{emergency.description}</Typography.Paragraph>
          </Card>
          <Card title={t('emergencies.command')} data-testid="emergency-command">
            {emergency.command.length === 0 ? (
              <Typography.Text type="secondary">{t('emergencies.noCommand')}</Typography.Text>
            ) : (
              <Descriptions size="small" column={1}>
                {emergency.command.map((role) => <Descriptions.Item key={role.role} label={t(`emergencies.roles.${role.role}`, { defaultValue: role.role })}>{role.personId}</Descriptions.Item>)}
              </Descriptions>
            )}
          </Card>
          <Card title={t('emergencies.linked', { count: emergency.links.length })} data-testid="emergency-links">
            {emergency.links.length === 0 ? (
              <Typography.Text type="secondary">{t('emergencies.noLinks')}</Typography.Text>
            ) : (
              <Space orientation="vertical" size={2}>
                {emergency.links.map((link) => (
                  <Space key={link.linkedCaseId} size={6} wrap>
                    <Link to={`/cases/${encodeURIComponent(link.linkedCaseId)}`}>{link.linkedCaseId.slice(0, 12)}</Link>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>{link.reason}</Typography.Text>
                    {link.heldAt && !link.releasedAt && <Tag color="orange">{t('emergencies.held')}</Tag>}
                  </Space>
                ))}
              </Space>
            )}
          </Card>
        </Space>
      </div>
      <ReportDrawer emergency={emergency} open={reporting} onClose={() => setReporting(false)} />
    </div>
  );
}

interface ReportValues {
  occurredAt: Dayjs;
  departments: string[];
  scope: string;
  cause: string;
  measures: string;
  followUp: string;
  losses?: string;
  form: 'written' | 'oral';
  recipients: string[];
}

const recipientKinds = ['internalDepartment', 'leadership', 'associatedDepartment', 'partner', 'regulator'];
const fieldNames = ['occurredAt', 'departments', 'scope', 'cause', 'measures', 'followUp', 'losses', 'form', 'recipients'] as const;

/** An information report (E9): every field but losses is required, written or oral, with its recipients. */
function ReportDrawer({ emergency, open, onClose }: { emergency: EmergencyDetails; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ReportValues>();
  const submit = useSubmitReport(emergency.id);
  const [failure, setFailure] = useState<string | null>(null);
  const send = async () => {
    setFailure(null);
    const filed = await submitForm(
      form,
      fieldNames,
      (values) => submit.mutateAsync({
        eventType: emergency.eventType,
        occurredAt: values.occurredAt.toISOString(),
        departments: values.departments,
        scope: values.scope.trim(),
        cause: values.cause.trim(),
        measures: values.measures.trim(),
        followUp: values.followUp.trim(),
        losses: values.losses?.trim() || undefined,
        form: values.form,
        recipients: values.recipients.map((kind) => ({ kind, name: t(`emergencies.recipientKinds.${kind}`) })),
      }),
      (error) => setFailure(describeError(error, t)),
    );
    if (!filed) return;
    message.success(t('emergencies.reportFiled'));
    form.resetFields();
    onClose();
  };
  const required = (key: string) => [{ required: true, message: t(`emergencies.required.${key}`) }];
  return (
    <Drawer open={open} onClose={onClose} size={520} title={t('emergencies.fileReport')} extra={<Button type="primary" onClick={() => void send()} loading={submit.isPending} data-testid="report-submit">{t('emergencies.submitReport')}</Button>} data-testid="report-drawer">
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} />}
      <Form<ReportValues> form={form} layout="vertical" initialValues={{ occurredAt: dayjs(emergency.occurredAt), departments: emergency.departments, scope: emergency.scope ?? '', form: 'written', recipients: ['leadership'] }}>
        <Form.Item name="occurredAt" label={t('emergencies.occurred')} rules={required('occurredAt')}><DatePicker showTime style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="departments" label={t('emergencies.departments')} rules={required('departments')}><Select mode="tags" /></Form.Item>
        <Form.Item name="scope" label={t('emergencies.scope')} rules={required('scope')}><Input /></Form.Item>
        <Form.Item name="cause" label={t('emergencies.cause')} rules={required('cause')}><Input.TextArea rows={2} /></Form.Item>
        <Form.Item name="measures" label={t('emergencies.measures')} rules={required('measures')}><Input.TextArea rows={3} data-testid="report-measures" /></Form.Item>
        <Form.Item name="followUp" label={t('emergencies.followUp')} rules={required('followUp')}><Input.TextArea rows={2} /></Form.Item>
        <Form.Item name="losses" label={t('emergencies.losses')}><Input.TextArea rows={2} /></Form.Item>
        <Form.Item name="form" label={t('emergencies.form')}><Radio.Group options={[{ value: 'written', label: t('emergencies.forms.Written') }, { value: 'oral', label: t('emergencies.forms.Oral') }]} /></Form.Item>
        <Form.Item name="recipients" label={t('emergencies.recipients')} rules={required('recipients')}>
          <Select mode="multiple" options={recipientKinds.map((kind) => ({ value: kind, label: t(`emergencies.recipientKinds.${kind}`) }))} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
