import { lazy, Suspense, useMemo } from 'react';
import { Button, DatePicker, Input, InputNumber, Select, Space, Switch, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { CodeEditorProps } from './CodeEditor';
import { CronExpressionParser } from 'cron-parser';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Roles } from '../../api/types';
import type { InputDescriptor } from './api';
import type { ElsaActivity } from './elsa';
import { inputKey, isBoolean, isList, isNumber, readWrapped, writeRaw, writeWrapped, type ExpressionKind } from './inputs';
import { stringList } from './model/ports';

const kinds: ExpressionKind[] = ['Literal', 'JavaScript', 'Liquid'];

interface Props {
  activity: ElsaActivity;
  input: InputDescriptor;
  variables: string[];
  onChange: (activity: ElsaActivity) => void;
}

/** One input of the selected activity: its expression kind and an editor that fits its type. */
const CodeEditor = lazy(() => import('./CodeEditor'));

/** The code editor, fetched the first time an input needs it; until then its text shows read-only in the same box. */
function LazyCodeEditor(props: CodeEditorProps) {
  return (
    <Suspense fallback={<pre className="code-input code-input--loading">{props.value}</pre>}>
      <CodeEditor {...props} />
    </Suspense>
  );
}

export function InputEditor({ activity, input, variables, onChange }: Props) {
  const { t } = useTranslation();
  if (input.uiHint === 'flow-switch-editor' || input.isWrapped === false) {
    return input.uiHint === 'flow-switch-editor' ? (
      <CasesEditor value={activity[inputKey(activity, input.name)]} onChange={(cases) => onChange(writeRaw(activity, input.name, cases))} />
    ) : (
      <JsonEditor value={activity[inputKey(activity, input.name)]} onChange={(value) => onChange(writeRaw(activity, input.name, value))} />
    );
  }

  const wrapped = readWrapped(activity, input.name);
  const kind = (wrapped?.expression.type ?? input.defaultSyntax ?? 'Literal') as string;
  const value = wrapped?.expression.value;
  const list = isList(input.typeName) || input.uiHint === 'dynamic-outcomes' || input.uiHint === 'multitext';
  const literalKind = list ? 'Object' : 'Literal';
  const shownKind = kind === 'Object' || kind === 'Json' ? 'Literal' : kind;
  const set = (nextKind: string, nextValue: unknown) => onChange(writeWrapped(activity, input.name, input.typeName, nextKind, nextValue));

  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }}>
      <Select
        size="small"
        value={shownKind}
        style={{ width: 140 }}
        aria-label={t('designer.expressionKind')}
        onChange={(next: string) => set(next === 'Literal' ? literalKind : next, next === 'Literal' ? undefined : typeof value === 'string' ? value : '')}
        options={[...kinds, ...(variables.length > 0 ? ['Variable'] : [])].map((option) => ({ value: option, label: t(`designer.kinds.${option}`) }))}
      />
      {shownKind === 'JavaScript' || shownKind === 'Liquid' ? (
        <LazyCodeEditor value={typeof value === 'string' ? value : ''} language={shownKind} onChange={(text) => set(shownKind, text)} testId={`input-${input.name}-code`} />
      ) : shownKind === 'Variable' ? (
        <Select size="small" value={typeof value === 'string' ? value : undefined} options={variables.map((name) => ({ value: name, label: name }))} onChange={(name: string) => set('Variable', name)} />
      ) : (
        <LiteralEditor input={input} list={list} value={value} onChange={(next) => set(literalKind, next)} />
      )}
    </Space>
  );
}

function LiteralEditor({ input, list, value, onChange }: { input: InputDescriptor; list: boolean; value: unknown; onChange: (value: unknown) => void }) {
  const { t } = useTranslation();
  const text = typeof value === 'string' ? value : value === undefined || value === null ? '' : JSON.stringify(value);
  const testId = `input-${input.name}`;
  if (list) {
    const items = stringList({ expression: { type: 'Object', value } });
    return <Select mode="tags" size="small" value={items} onChange={(next: string[]) => onChange(next.length > 0 ? JSON.stringify(next) : '')} tokenSeparators={[',']} data-testid={testId} open={false} suffixIcon={null} />;
  }
  if (isBoolean(input.typeName) || input.uiHint === 'checkbox') {
    return <Switch size="small" checked={text.toLowerCase() === 'true'} onChange={(checked) => onChange(checked ? 'true' : 'false')} data-testid={testId} />;
  }
  if ((input.uiHint === 'dropdown' || input.uiHint === 'radiolist') && input.options?.length) {
    return <Select size="small" allowClear value={text || undefined} options={input.options.map((option) => ({ value: option, label: option }))} onChange={(next?: string) => onChange(next ?? '')} data-testid={testId} />;
  }
  if (/role$/i.test(input.name)) {
    return <Select size="small" allowClear value={text || undefined} options={Object.values(Roles).map((role) => ({ value: role, label: t(`roles.${role}`) }))} onChange={(next?: string) => onChange(next ?? '')} data-testid={testId} />;
  }
  if (isNumber(input.typeName)) {
    return <InputNumber size="small" style={{ width: '100%' }} value={text === '' ? null : Number(text)} onChange={(next) => onChange(next === null ? '' : String(next))} data-testid={testId} />;
  }
  if (input.uiHint === 'datetime-picker' || /^DateTime(Offset)?$/.test(input.typeName)) {
    return <DatePicker size="small" showTime style={{ width: '100%' }} value={text ? dayjs(text) : null} onChange={(next) => onChange(next ? next.toISOString() : '')} data-testid={testId} />;
  }
  if (/cron/i.test(input.name)) return <CronEditor value={text} onChange={onChange} testId={testId} />;
  if (input.uiHint === 'json-editor' || input.uiHint === 'code-editor') {
    return <LazyCodeEditor value={text} language="JavaScript" onChange={(next) => onChange(next)} />;
  }
  if (input.uiHint === 'multiline') return <Input.TextArea size="small" autoSize={{ minRows: 2, maxRows: 8 }} value={text} onChange={(event) => onChange(event.target.value)} data-testid={testId} />;
  const placeholder = input.typeName === 'TimeSpan' ? t('designer.timeSpanHint') : undefined;
  return <Input size="small" value={text} placeholder={placeholder} onChange={(event) => onChange(event.target.value)} data-testid={testId} />;
}

/** A cron expression with its next three occurrences (or why it is not one). */
function CronEditor({ value, onChange, testId }: { value: string; onChange: (value: string) => void; testId: string }) {
  const { t } = useTranslation();
  const next = useMemo((): { dates: string[]; error?: undefined } | { error: string; dates?: undefined } | null => {
    if (!value.trim()) return null;
    try {
      const interval = CronExpressionParser.parse(value.trim());
      return { dates: [interval.next(), interval.next(), interval.next()].map((date) => dayjs(date.toDate()).format('YYYY-MM-DD HH:mm:ss')) };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }, [value]);
  return (
    <Space orientation="vertical" size={2} style={{ width: '100%' }}>
      <Input size="small" value={value} placeholder="0 0 9 * * MON" onChange={(event) => onChange(event.target.value)} data-testid={testId} status={next?.error ? 'error' : undefined} />
      {next?.dates && <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="cron-next">{t('designer.cronNext', { dates: next.dates.join(', ') })}</Typography.Text>}
      {next?.error && <Typography.Text type="danger" style={{ fontSize: 12 }}>{t('designer.cronInvalid', { message: next.error })}</Typography.Text>}
    </Space>
  );
}

interface SwitchCase {
  label?: string;
  condition?: { type?: string; value?: unknown };
  [key: string]: unknown;
}

/** FlowSwitch cases: a label (the port) and a JavaScript condition each. */
function CasesEditor({ value, onChange }: { value: unknown; onChange: (cases: SwitchCase[]) => void }) {
  const { t } = useTranslation();
  const cases = Array.isArray(value) ? (value as SwitchCase[]) : [];
  const update = (index: number, change: Partial<SwitchCase>) => onChange(cases.map((item, i) => (i === index ? { ...item, ...change } : item)));
  return (
    <Space orientation="vertical" size={6} style={{ width: '100%' }} data-testid="switch-cases">
      {cases.map((item, index) => (
        <div key={index} className="switch-case">
          <Space.Compact style={{ width: '100%' }}>
            <Input size="small" placeholder={t('designer.caseLabel')} value={item.label ?? ''} onChange={(event) => update(index, { label: event.target.value })} />
            <Button size="small" icon={<DeleteOutlined />} aria-label={t('designer.removeCase')} onClick={() => onChange(cases.filter((_, i) => i !== index))} />
          </Space.Compact>
          <LazyCodeEditor
            value={typeof item.condition?.value === 'string' ? item.condition.value : ''}
            language="JavaScript"
            minHeight="28px"
            maxHeight="none"
            onChange={(text) => update(index, { condition: { type: item.condition?.type ?? 'JavaScript', value: text } })}
          />
        </div>
      ))}
      <Button size="small" icon={<PlusOutlined />} onClick={() => onChange([...cases, { label: `case${cases.length + 1}`, condition: { type: 'JavaScript', value: 'false' } }])}>
        {t('designer.addCase')}
      </Button>
    </Space>
  );
}

function JsonEditor({ value, onChange }: { value: unknown; onChange: (value: unknown) => void }) {
  const text = value === undefined ? '' : JSON.stringify(value, null, 2);
  return (
    <LazyCodeEditor
      value={text}
      language="JavaScript"
      onChange={(next) => {
        try {
          onChange(next.trim() ? JSON.parse(next) : undefined);
        } catch {
          // Mid-edit JSON is not valid yet: the document keeps the last valid value.
        }
      }}
    />
  );
}
