import { Alert, Empty, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ActivityDescriptor } from './api';
import { useActivityText, useInputText } from './activityText';
import type { ElsaActivity, ElsaDefinition } from './elsa';
import { WorkflowPanel } from './WorkflowPanel';
import { InputEditor } from './InputEditor';
import { issueText, type LocatedIssue } from './issues';

interface Props {
  definition: ElsaDefinition;
  onWorkflowChange: (change: (definition: ElsaDefinition) => ElsaDefinition) => void;
  activity: ElsaActivity | undefined;
  descriptor: ActivityDescriptor | undefined;
  selectedCount: number;
  issues: LocatedIssue[];
  variables: string[];
  onChange: (activity: ElsaActivity) => void;
}

/** The selected activity: its display name and description, then one editor per input its type declares. */
export function PropertiesPanel({ definition, onWorkflowChange, activity, descriptor, selectedCount, issues, variables, onChange }: Props) {
  const { t } = useTranslation();
  const activityText = useActivityText();
  const inputText = useInputText();
  if (!activity && selectedCount === 0) return <WorkflowPanel definition={definition} onChange={onWorkflowChange} />;
  if (!activity) {
    return (
      <div className="properties" data-testid="properties">
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={selectedCount > 1 ? t('designer.manySelected', { count: selectedCount }) : t('designer.nothingSelected')} />
      </div>
    );
  }
  const typeText = descriptor ? activityText(descriptor) : { displayName: activity.type, description: undefined };
  const inputs = (descriptor?.inputs ?? []).filter((input) => input.isBrowsable !== false).sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  const setMeta = (key: 'displayText' | 'description', value: string) => {
    const metadata = { ...activity.metadata };
    if (value) metadata[key] = value;
    else delete metadata[key];
    onChange({ ...activity, metadata });
  };
  const unplaced = issues.filter((issue) => !issue.input || !inputs.some((input) => input.name.toLowerCase() === issue.input!.toLowerCase()));

  return (
    <div className="properties" data-testid="properties">
      <Typography.Title level={5} style={{ marginTop: 0 }}>{typeText.displayName}</Typography.Title>
      {typeText.description && <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{typeText.description}</Typography.Paragraph>}
      {unplaced.map((issue, index) => (
        <Alert key={index} type={issue.severity === 'Error' ? 'error' : 'warning'} showIcon title={issueText(issue, t)} style={{ marginBottom: 8 }} />
      ))}
      <Form layout="vertical" size="small">
        <Form.Item label={t('designer.displayName')}>
          <Input value={activity.metadata?.displayText ?? ''} placeholder={activity.name ?? typeText.displayName} onChange={(event) => setMeta('displayText', event.target.value)} data-testid="display-name" />
        </Form.Item>
        <Form.Item label={t('designer.description')}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} value={activity.metadata?.description ?? ''} onChange={(event) => setMeta('description', event.target.value)} />
        </Form.Item>
        {inputs.map((input) => {
          const inputIssues = issues.filter((issue) => issue.input?.toLowerCase() === input.name.toLowerCase());
          const error = inputIssues.find((issue) => issue.severity === 'Error');
          return (
            <Form.Item
              key={input.name}
              label={inputText(activity.type, input)}
              tooltip={input.description ?? undefined}
              required={input.isRequired}
              validateStatus={error ? 'error' : inputIssues.length > 0 ? 'warning' : undefined}
              help={inputIssues.length > 0 ? inputIssues.map((issue) => issueText(issue, t)).join(' ') : undefined}
              data-testid={`field-${input.name}`}
            >
              <InputEditor activity={activity} input={input} variables={variables} onChange={onChange} />
            </Form.Item>
          );
        })}
      </Form>
    </div>
  );
}
