import { DatePicker, Form, Input, InputNumber, Select, Switch, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { submitForm } from '../shell/submitForm';

/** One field of a human task's form, as the server describes it (the test run and the task page share it). */
export interface FormField {
  name: string;
  label?: string | null;
  /** `text`, `textarea`, `number`, `boolean`, `date` or `select`. */
  type?: string | null;
  required?: boolean;
  /** The outcomes a required field is required for; empty: all. */
  requiredFor?: string[] | null;
  options?: string[] | null;
}

/**
 * A HumanTask's form: one input per field by its type; a select's options are the definition's values, shown by
 * their translation where the app knows one (the shipped workflows' categories, channels, levels...). A field required for every outcome is checked here before
 * sending; one required only for some outcomes is left to the server, which names it (`data.<name>`) in its answer.
 */
export function TaskForm({ form, fields, size, testId, disabled }: { form: FormInstance; fields: readonly FormField[]; size?: 'small' | 'middle'; testId: string; disabled?: boolean }) {
  const { t } = useTranslation();
  return (
    <Form form={form} layout="vertical" size={size} data-testid={testId} disabled={disabled}>
      {fields.map((field) => (
        <Form.Item
          key={field.name}
          name={field.name}
          label={field.label || field.name}
          rules={field.required && !field.requiredFor?.length ? [{ required: true, message: t('testRun.required', { field: field.label || field.name }) }] : []}
          valuePropName={field.type === 'boolean' ? 'checked' : 'value'}
        >
          <FieldInput field={field} />
        </Form.Item>
      ))}
    </Form>
  );
}

function FieldInput({ field, ...rest }: { field: FormField }) {
  const { t } = useTranslation();
  switch (field.type) {
    case 'textarea':
      return <Input.TextArea rows={3} {...rest} />;
    case 'number':
      return <InputNumber style={{ width: '100%' }} {...rest} />;
    case 'boolean':
      return <Switch {...rest} />;
    case 'date':
      return <DatePicker showTime style={{ width: '100%' }} {...rest} />;
    case 'select':
      return <Select allowClear options={(field.options ?? []).map((option) => ({ value: option, label: t(`formOptions.${option}`, { defaultValue: option }) }))} {...rest} />;
    default:
      return <Input {...rest} />;
  }
}

/** A form's values as the server expects them: numbers as numbers, dates as ISO times, empty optional fields left out. */
export function formValues(fields: readonly { name: string; type?: string | null }[], values: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const field of fields) {
    const value = values[field.name];
    if (value === undefined || value === null || value === '') continue;
    result[field.name] = field.type === 'date' && typeof value === 'object' && value && 'toISOString' in value ? (value as { toISOString(): string }).toISOString() : value;
  }
  return result;
}

/**
 * Completes a task from its form (see {@link submitForm}): the server names a field `data.<name>`; the values go as it
 * expects them. Resolves to what `send` answered, or undefined when nothing was sent or it was refused.
 */
export function submitTaskForm<T>(form: FormInstance, fields: readonly FormField[], send: (data: Record<string, unknown>) => Promise<T>, onOtherError: (error: unknown) => void): Promise<T | undefined> {
  return submitForm(form, fields.map((field) => `data.${field.name}`), (values: Record<string, unknown>) => send(formValues(fields, values)), onOtherError, (name) => name.replace(/^data\./, ''));
}
