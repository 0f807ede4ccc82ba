import { Button, Collapse, Input, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ElsaDefinition } from './elsa';

/** A workflow variable, input or output as Elsa 3 stores it (other fields are kept as they came). */
interface Declared {
  id?: string;
  name?: string;
  typeName?: string;
  type?: string;
  value?: unknown;
  displayName?: string;
  [key: string]: unknown;
}

const typeNames = ['Object', 'String', 'Int32', 'Int64', 'Double', 'Boolean', 'DateTime', 'TimeSpan', 'String[]'];

/** The workflow as a whole (shown when no activity is selected): its description, variables, inputs and outputs. */
export function WorkflowPanel({ definition, onChange }: { definition: ElsaDefinition; onChange: (change: (definition: ElsaDefinition) => ElsaDefinition) => void }) {
  const { t } = useTranslation();
  const list = (key: 'variables' | 'inputs' | 'outputs') => (Array.isArray(definition[key]) ? (definition[key] as Declared[]) : []);
  const setList = (key: 'variables' | 'inputs' | 'outputs', items: Declared[]) => onChange((current) => ({ ...current, [key]: items }));
  // Variables name their type in `typeName`; workflow inputs and outputs in `type` (as Elsa writes them).
  const typeKey = (key: 'variables' | 'inputs' | 'outputs') => (key === 'variables' ? 'typeName' : 'type');

  const section = (key: 'variables' | 'inputs' | 'outputs') => {
    const items = list(key);
    const update = (index: number, change: Partial<Declared>) => setList(key, items.map((item, i) => (i === index ? { ...item, ...change } : item)));
    return {
      key,
      label: `${t(`designer.workflow.${key}`)} (${items.length})`,
      children: (
        <Space orientation="vertical" size={6} style={{ width: '100%' }} data-testid={`workflow-${key}`}>
          {items.length === 0 && <Typography.Text type="secondary">{t(`designer.workflow.${key}Empty`)}</Typography.Text>}
          {items.map((item, index) => (
            <Space.Compact key={item.id ?? index} style={{ width: '100%' }}>
              <Input size="small" placeholder={t('designer.workflow.name')} value={item.name ?? ''} onChange={(event) => update(index, { name: event.target.value })} />
              <Select size="small" style={{ width: 110 }} value={(item[typeKey(key)] as string | undefined) ?? 'Object'} options={typeNames.map((name) => ({ value: name, label: name }))} onChange={(value: string) => update(index, { [typeKey(key)]: value })} />
              {key === 'variables' && (
                <Input size="small" placeholder={t('designer.workflow.initialValue')} value={item.value === undefined || item.value === null ? '' : String(item.value)} onChange={(event) => update(index, { value: event.target.value === '' ? undefined : event.target.value })} />
              )}
              <Button size="small" icon={<DeleteOutlined />} aria-label={t('designer.workflow.remove')} onClick={() => setList(key, items.filter((_, i) => i !== index))} />
            </Space.Compact>
          ))}
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={() => setList(key, [...items, key === 'variables' ? { id: crypto.randomUUID().replace(/-/g, '').slice(0, 16), name: `variable${items.length + 1}`, typeName: 'Object' } : { name: `${key.slice(0, -1)}${items.length + 1}`, type: 'Object' }])}
          >
            {t(`designer.workflow.add${key.charAt(0).toUpperCase()}${key.slice(1, -1)}`)}
          </Button>
        </Space>
      ),
    };
  };

  return (
    <div className="properties" data-testid="workflow-panel">
      <Typography.Title level={5} style={{ marginTop: 0 }}>{t('designer.workflow.title')}</Typography.Title>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{t('designer.nothingSelected')}</Typography.Paragraph>
      {/* Fixed rows: an auto-sized box measures its style on every render, which costs a large flowchart a style recalculation each time. */}
      <Input.TextArea
        rows={3}
        placeholder={t('designer.workflow.description')}
        value={definition.description ?? ''}
        onChange={(event) => {
          const description = event.target.value;
          onChange((current) => ({ ...current, description: description || undefined }));
        }}
        style={{ marginBottom: 8 }}
      />
      <Collapse size="small" defaultActiveKey={['variables']} items={[section('variables'), section('inputs'), section('outputs')]} />
    </div>
  );
}
