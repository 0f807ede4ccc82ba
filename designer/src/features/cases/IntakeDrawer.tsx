import { useDeferredValue, useState } from 'react';
import { Alert, App, Button, Drawer, Form, Input, Radio, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { describeError } from '../shell/errors';
import { submitForm } from '../shell/submitForm';
import { useCategories } from '../tasks/api';
import { useCaseSearch, useCreateCase } from './api';
import type { NewCase } from './types';

const channels = ['phone', 'email', 'online', 'social'];
const priorities = ['low', 'normal', 'high', 'urgent'];
// The fields the server may name in its answer (problem details), as the form's names.
const fieldNames = ['type', 'channel', 'customer.name', 'customer.phone', 'customer.email', 'customer.segment', 'description', 'category', 'priority'] as const;

interface Values {
  type: 'complaint' | 'inquiry';
  channel: string;
  customer: { name: string; phone?: string; email?: string; segment: string };
  description: string;
  category?: string;
  priority: string;
}

/**
 * Complaint and inquiry intake: channel, the customer (a known phone number or email finds them and their cases),
 * the claim, and optionally its category and priority. Filed, the case's workflow starts and its first task is handed out.
 */
export function IntakeDrawer({ open, onClose, onFiled }: { open: boolean; onClose: () => void; onFiled: (number: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateCase();
  const categories = useCategories();
  const [failure, setFailure] = useState<string | null>(null);
  const type = Form.useWatch('type', form) ?? 'complaint';
  const phone = Form.useWatch(['customer', 'phone'], form) ?? '';
  const email = Form.useWatch(['customer', 'email'], form) ?? '';
  const contact = useDeferredValue((phone.trim().length >= 6 ? phone : email.includes('@') ? email : '').trim());
  // Only once a contact is typed: an empty search would list every case.
  const known = useCaseSearch({ search: contact, page: 1, pageSize: 5 }, open && contact.length > 0);
  const knownCases = contact ? (known.data?.items ?? []).filter((c) => c.customer && (c.customer.phone === contact || c.customer.email?.toLowerCase() === contact.toLowerCase())) : [];
  const categoryOptions = (type === 'inquiry' ? categories.data?.inquiry : categories.data?.complaint) ?? [];

  const submit = async () => {
    setFailure(null);
    const filed = await submitForm(
      form,
      fieldNames,
      (values) => {
        const body: NewCase = {
          type: values.type,
          channel: values.channel,
          customer: {
            name: values.customer.name.trim(),
            phone: values.customer.phone?.trim() || undefined,
            email: values.customer.email?.trim() || undefined,
            segment: values.customer.segment,
          },
          description: values.description.trim(),
          category: values.category || undefined,
          priority: values.priority,
        };
        return create.mutateAsync(body);
      },
      (error) => setFailure(describeError(error, t)),
    );
    if (!filed) return;
    message.success(t('intake.filed', { number: filed.number }));
    form.resetFields();
    onClose();
    onFiled(filed.number);
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={520}
      title={t('intake.title')}
      extra={<Button type="primary" onClick={() => void submit()} loading={create.isPending} data-testid="intake-submit">{t('intake.submit')}</Button>}
      data-testid="intake"
    >
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} />}
      <Form<Values> form={form} layout="vertical" initialValues={{ type: 'complaint', channel: 'phone', priority: 'normal', customer: { segment: 'regular' } }} data-testid="intake-form">
        <Form.Item name="type" label={t('case.type')}>
          <Radio.Group optionType="button" options={[{ value: 'complaint', label: t('case.types.Complaint') }, { value: 'inquiry', label: t('case.types.Inquiry') }]} onChange={() => form.setFieldValue('category', undefined)} />
        </Form.Item>
        <Form.Item name="channel" label={t('case.channel')}>
          <Radio.Group optionType="button" options={channels.map((value) => ({ value, label: t(`case.channels.${value[0]!.toUpperCase()}${value.slice(1)}`) }))} />
        </Form.Item>
        <Typography.Title level={5}>{t('task.customer')}</Typography.Title>
        <Form.Item name={['customer', 'name']} label={t('case.customerName')} rules={[{ required: true, whitespace: true, message: t('intake.nameRequired') }]}>
          <Input autoComplete="off" data-testid="intake-name" />
        </Form.Item>
        <Space.Compact block>
          <Form.Item
            name={['customer', 'phone']}
            label={t('case.phone')}
            style={{ flex: 1, marginRight: 8 }}
            dependencies={[['customer', 'email']]}
            rules={[{ validator: (_, value) => (value?.trim() || form.getFieldValue(['customer', 'email'])?.trim() ? Promise.resolve() : Promise.reject(new Error(t('intake.contactRequired')))) }]}
          >
            <Input autoComplete="off" data-testid="intake-phone" />
          </Form.Item>
          <Form.Item name={['customer', 'email']} label={t('case.email')} style={{ flex: 1 }} rules={[{ type: 'email', message: t('intake.emailInvalid') }]}>
            <Input autoComplete="off" data-testid="intake-email" />
          </Form.Item>
        </Space.Compact>
        {knownCases.length > 0 && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('intake.knownCustomer', { name: knownCases[0]!.customer!.name, count: knownCases.length })}
            description={
              <Space orientation="vertical" size={0}>
                {knownCases.map((c) => (
                  <Link key={c.id} to={`/cases/${encodeURIComponent(c.number)}`} target="_blank">{`${c.number} · ${t(`case.statuses.${c.status}`)} · ${c.description.slice(0, 60)}`}</Link>
                ))}
              </Space>
            }
            data-testid="intake-known"
          />
        )}
        <Form.Item name={['customer', 'segment']} label={t('intake.segment')}>
          <Radio.Group options={[{ value: 'regular', label: t('intake.regular') }, { value: 'vip', label: 'VIP' }]} />
        </Form.Item>
        <Form.Item name="description" label={t('intake.description')} rules={[{ required: true, whitespace: true, message: t('intake.descriptionRequired') }]}>
          <Input.TextArea rows={4} placeholder={t('intake.descriptionHint')} data-testid="intake-description" />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="category" label={t('case.category')} style={{ flex: 1, marginRight: 8 }} extra={t('intake.categoryHint')}>
            <Select allowClear options={categoryOptions.map((value) => ({ value, label: t(`categories.${value}`, { defaultValue: value }) }))} />
          </Form.Item>
          <Form.Item name="priority" label={t('case.priorityLabel')} style={{ flex: 1 }}>
            <Select options={priorities.map((value) => ({ value, label: t(`priority.${value[0]!.toUpperCase()}${value.slice(1)}`) }))} />
          </Form.Item>
        </Space.Compact>
      </Form>
    </Drawer>
  );
}
