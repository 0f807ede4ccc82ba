import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { Tooltip } from 'antd';
import { CloseCircleFilled, WarningFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ActivityNode, HeatMark } from './flow';
import { issueText, type LocatedIssue } from './issues';

/** One activity on the canvas: its label and type, an input port on the left, one output per outcome on the right. */
export const ActivityNodeView = memo(function ActivityNodeView({ data, selected }: NodeProps<ActivityNode>) {
  const outcomes = data.outcomes;
  const errors = data.issues?.filter((issue) => issue.severity === 'Error') ?? [];
  const warnings = data.issues?.filter((issue) => issue.severity !== 'Error') ?? [];
  const labelled = outcomes.length > 1 || (outcomes.length === 1 && outcomes[0] !== 'Done');
  return (
    <div
      className={`activity-node${data.change ? ` activity-node--${data.change}` : ''}${data.heat ? ` activity-node--heat-${data.heat.level}` : ''}${selected ? ' activity-node--selected' : ''}${errors.length > 0 ? ' activity-node--error' : warnings.length > 0 ? ' activity-node--warning' : ''}`}
      data-testid="activity-node"
      data-activity-id={data.activity.id}
      data-activity-type={data.activity.type}
      data-change={data.change}
      data-heat={data.heat?.level}
    >
      {!data.isStart && <Handle type="target" position={Position.Left} id="In" />}
      <div className="activity-node__label">{data.label}</div>
      <div className="activity-node__type">{data.typeLabel}</div>
      {(errors.length > 0 || warnings.length > 0) && <IssueBadge errors={errors} warnings={warnings} />}
      {data.heat && <HeatBadge heat={data.heat} />}
      {outcomes.map((outcome, index) => {
        const top = `${((index + 1) * 100) / (outcomes.length + 1)}%`;
        return (
          <div key={outcome}>
            <Handle type="source" position={Position.Right} id={outcome} style={{ top }} title={outcome} data-testid={`port-${outcome}`} />
            {labelled && <span className="activity-node__port" style={{ top }}>{outcome}</span>}
          </div>
        );
      })}
    </div>
  );
});

/** The node's findings as an icon with their text on hover. Its own component: only nodes with findings pay for the translation hook. */
function IssueBadge({ errors, warnings }: { errors: LocatedIssue[]; warnings: LocatedIssue[] }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={[...errors, ...warnings].map((issue) => issueText(issue, t)).join('\n')}>
      <span className="activity-node__badge" data-testid="node-issue">
        {errors.length > 0 ? <CloseCircleFilled style={{ color: '#d4380d' }} /> : <WarningFilled style={{ color: '#d48806' }} />}
      </span>
    </Tooltip>
  );
}

/** The node's heat figure, with every figure on hover. */
function HeatBadge({ heat }: { heat: HeatMark }) {
  return (
    <Tooltip title={<div style={{ whiteSpace: 'pre-line' }}>{heat.lines.join('\n')}</div>}>
      <span className="activity-node__heat" data-testid="node-heat">{heat.value || '·'}</span>
    </Tooltip>
  );
}
