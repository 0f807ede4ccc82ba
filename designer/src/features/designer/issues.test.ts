import { describe, expect, it } from 'vitest';
import type { ElsaDefinition } from './elsa';
import { issuesByActivity, locateIssues } from './issues';

const definition = { root: { id: 'f', type: 'Elsa.Flowchart', activities: [{ id: 'start', type: 'Elsa.Start' }, { id: 'ask', type: 'CaseFlow.HumanTask' }], connections: [] } } as unknown as ElsaDefinition;

describe('locateIssues', () => {
  it('finds the activity and input of a JSON path, and leaves workflow-level findings unplaced', () => {
    const located = locateIssues(definition, [
      { path: 'root.activities[1].title', message: 'Required', severity: 'Error' },
      { path: 'root.activities[1]', message: 'Unreachable', severity: 'Warning' },
      { path: 'variables[0].name', message: 'Duplicate', severity: 'Error' },
      { path: 'root.activities[9].x', message: 'Gone', severity: 'Error' },
    ]);
    expect(located.map((issue) => [issue.activityId, issue.input])).toEqual([['ask', 'title'], ['ask', undefined], [undefined, undefined], [undefined, 'x']]);
    expect(issuesByActivity(located).get('ask')).toHaveLength(2);
  });
});
