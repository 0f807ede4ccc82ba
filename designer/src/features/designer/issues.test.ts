import { describe, expect, it } from 'vitest';
import type { ElsaDefinition } from './elsa';
import { issuesByActivity, issueText, locateIssues } from './issues';

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

describe('issueText', () => {
  it('shows a finding in the chosen language from its code and values, and the server sentence without a code', async () => {
    const { default: i18n } = await import('../../app/i18n');
    const issue = { path: 'root.activities[1].condition', message: "required input 'condition' is missing", severity: 'Error' as const, code: 'required-input-missing', args: { name: 'condition' } };
    await i18n.changeLanguage('zh-CN');
    expect(issueText(issue, i18n.t)).toContain('condition');
    expect(issueText(issue, i18n.t)).toMatch(/[\u4e00-\u9fff]/);
    await i18n.changeLanguage('en');
    expect(issueText(issue, i18n.t)).toBe("required input 'condition' is missing");
    expect(issueText({ ...issue, code: null }, i18n.t)).toBe(issue.message);
    expect(issueText({ ...issue, code: 'a-code-this-app-does-not-know' }, i18n.t)).toBe(issue.message);
  });
});
