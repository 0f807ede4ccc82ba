import { describe, expect, it } from 'vitest';
import type { ElsaDefinition } from '../elsa';
import { edgeId } from '../flow';
import { formValues, runHighlights, runState } from './model';
import type { TestRun, TestRunStep } from './types';

const definition: ElsaDefinition = {
  definitionId: 'd',
  root: {
    id: 'flow',
    type: 'Elsa.Flowchart',
    activities: [
      { id: 'start', type: 'Elsa.Start' },
      { id: 'decide', type: 'Elsa.FlowDecision' },
      { id: 'yes', type: 'Elsa.WriteLine' },
      { id: 'no', type: 'Elsa.WriteLine' },
      { id: 'task', type: 'CaseFlow.HumanTask' },
    ],
    connections: [
      { source: { activity: 'start', port: 'Done' }, target: { activity: 'decide', port: 'In' } },
      { source: { activity: 'decide', port: 'True' }, target: { activity: 'yes', port: 'In' } },
      { source: { activity: 'decide', port: 'False' }, target: { activity: 'no', port: 'In' } },
      { source: { activity: 'yes', port: 'Done' }, target: { activity: 'task', port: 'In' } },
    ],
  },
} as ElsaDefinition;

let sequence = 0;
const step = (activityId: string, event: string, outcomes: string[] = [], depth = 0): TestRunStep => ({
  sequence: sequence++, instanceId: depth === 0 ? 'root' : 'child', depth, activityId, activityType: 'x', activityName: null, event, outcomes, at: '2026-12-04T10:00:00Z',
});

const run = (overrides: Partial<TestRun>): TestRun => ({
  id: 'r', definitionId: 'd', definitionVersion: null, status: 'Running', subStatus: 'Suspended', startedAt: '', expiresAt: '',
  steps: [], variables: {}, input: {}, output: {}, waits: [], effects: [], incidents: [], console: [], ...overrides,
});

const steps = [
  step('start', 'Started'), step('start', 'Completed', ['Done']),
  step('decide', 'Started'), step('decide', 'Completed', ['True']),
  step('yes', 'Started'), step('yes', 'Completed', ['Done']),
  step('task', 'Started'), step('inner', 'Started', [], 1),
];
const waiting = run({ steps, waits: [{ kind: 'task', bookmarkId: 'b', instanceId: 'root', activityId: 'task', taskId: 't' }] });

describe('runHighlights', () => {
  it('lights the activities passed and the connections followed, and marks where the run waits', () => {
    const lit = runHighlights(definition, waiting);
    expect(Object.fromEntries(lit.activities)).toEqual({ start: 'visited', decide: 'visited', yes: 'visited', task: 'waiting' });
    expect([...lit.connections.keys()].sort()).toEqual([edgeId('decide', 'True', 'yes'), edgeId('start', 'Done', 'decide'), edgeId('yes', 'Done', 'task')].sort());
    expect(lit.connections.has(edgeId('decide', 'False', 'no'))).toBe(false);
  });

  it('lights only the steps revealed so far, and shows the wait once every step is', () => {
    const partial = runHighlights(definition, waiting, 3);
    expect(Object.fromEntries(partial.activities)).toEqual({ start: 'visited', decide: 'visited' });
    expect([...partial.connections.keys()]).toEqual([edgeId('start', 'Done', 'decide')]);
  });

  it('ignores the steps of child workflows and marks a faulted activity', () => {
    const faulted = run({ status: 'Finished', subStatus: 'Faulted', steps: [step('start', 'Started'), step('start', 'Faulted'), step('start', 'Started', [], 1)], incidents: [{ instanceId: 'root', activityId: 'start', activityType: 'Elsa.Start', message: 'boom' }] });
    expect(Object.fromEntries(runHighlights(definition, faulted).activities)).toEqual({ start: 'faulted' });
    expect(runState(faulted)).toBe('faulted');
  });
});

describe('runState', () => {
  it('tells waiting from finished', () => {
    expect(runState(waiting)).toBe('waiting');
    expect(runState(run({ status: 'Finished', subStatus: 'Finished' }))).toBe('finished');
  });
});

describe('formValues', () => {
  it('leaves out empty optional fields and keeps typed values', () => {
    expect(formValues([{ name: 'major', type: 'boolean' }, { name: 'note' }, { name: 'amount', type: 'number' }], { major: false, note: '', amount: 12 })).toEqual({ major: false, amount: 12 });
  });
});
