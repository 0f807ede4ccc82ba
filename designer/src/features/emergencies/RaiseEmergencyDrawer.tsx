import { useState } from 'react';
import { Alert, App, Button, DatePicker, Drawer, Form, Input, Select } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import en from '../../locales/en';
import { describeError } from '../shell/errors';
import { submitForm } from '../shell/submitForm';
import { emergenciesKey } from './api';

// The fields the server may name in its answer (problem details).
const fieldNames = ['eventType', 'description', 'occurredAt', 'scope', 'departments'] as const;
const eventTypes = Object.keys(en.emergencies.eventTypes);

interface Values {
  eventType: string;
  description: string;
  occurredAt: Dayjs;
  scope?: string;
  departments: string[];
}

/**
 * An employee's first report of a service incident ([000 §5.1]): what happened, when, where it shows and which
 * departments are involved. Reported, the emergency starts at the warning stage, its 15 min response clock runs from
 * when it happened, and the reporter's department head is asked to review it.
 */
export function RaiseEmergencyDrawer({ open, onClose, onRaised }: { open: boolean; onClose: () => void; onRaised: (number: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [failure, setFailure] = useState<string | null>(null);
  const departments = useQuery({
    queryKey: ['organisation', 'departments'],
    queryFn: ({ signal }) => api<{ id: string; name: string; active: boolean }[]>('/api/organisation/departments', { signal }),
    enabled: open,
    staleTime: 60_000,
  });
  const raise = useMutation({
    mutationFn: (body: object) => api<{ id: string; number: string }>('/api/emergencies', { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: emergenciesKey }),
  });

  const submit = async () => {
    setFailure(null);
    const raised = await submitForm(
      form,
      fieldNames,
      (values) => raise.mutateAsync({
        eventType: values.eventType,
        description: values.description.trim(),
        occurredAt: values.occurredAt.toISOString(),
        scope: values.scope?.trim() || undefined,
        departments: values.departments,
      }),
      (error) => setFailure(describeError(error, t)),
    );
    if (!raised) return;
    message.success(t('emergencies.raised', { number: raised.number }));
    form.resetFields();
    onClose();
    onRaised(raised.number);
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={520}
      title={t('emergencies.raiseTitle')}
      extra={<Button type="primary" danger onClick={() => void submit()} loading={raise.isPending} data-testid="raise-submit">{t('emergencies.raiseSubmit')}</Button>}
      data-testid="raise-drawer"
    >
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} />}
      <Alert type="info" showIcon title={t('emergencies.raiseHint')} style={{ marginBottom: 16 }} />
      <Form<Values> form={form} layout="vertical" initialValues={{ occurredAt: dayjs(), departments: [] }}>
        <Form.Item name="eventType" label={t('emergencies.eventType')} rules={[{ required: true, message: t('emergencies.required.eventType') }]}>
          <Select showSearch optionFilterProp="label" options={eventTypes.map((value) => ({ value, label: t(`emergencies.eventTypes.${value}`) }))} data-testid="raise-event-type" />
        </Form.Item>
        <Form.Item name="description" label={t('emergencies.description')} rules={[{ required: true, whitespace: true, message: t('emergencies.required.description') }]}>
          <Input.TextArea rows={4} data-testid="raise-description" />
        </Form.Item>
        <Form.Item name="occurredAt" label={t('emergencies.occurred')} rules={[{ required: true, message: t('emergencies.required.occurredAt') }]}>
          <DatePicker showTime style={{ width: '100%' }} disabledDate={(day) => day.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="scope" label={t('emergencies.scope')}>
          <Input data-testid="raise-scope" />
        </Form.Item>
        <Form.Item name="departments" label={t('emergencies.departments')}>
          <Select mode="tags" options={(departments.data ?? []).filter((d) => d.active).map((d) => ({ value: d.id, label: d.name }))} optionFilterProp="label" data-testid="raise-departments" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
