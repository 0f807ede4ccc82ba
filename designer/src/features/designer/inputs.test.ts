import { describe, expect, it } from 'vitest';
import { inputKey, readWrapped, writeRaw, writeWrapped } from './inputs';

describe('inputs', () => {
  const activity = { id: 'a', type: 'CaseFlow.HumanTask', title: { typeName: 'String', expression: { type: 'Liquid', value: 'Hi {{ x }}' } } };

  it('live under the camelCase name unless the activity already has the exact one', () => {
    expect(inputKey(activity, 'Title')).toBe('title');
    expect(inputKey({ id: 'b', type: 't', Custom: 1 }, 'Custom')).toBe('Custom');
  });

  it('are read and written wrapped, and an empty value removes the input', () => {
    expect(readWrapped(activity, 'Title')?.expression).toEqual({ type: 'Liquid', value: 'Hi {{ x }}' });
    const written = writeWrapped(activity, 'CandidateRole', 'String', 'Literal', 'Agent');
    expect(written.candidateRole).toEqual({ typeName: 'String', expression: { type: 'Literal', value: 'Agent' } });
    expect('title' in writeWrapped(activity, 'Title', 'String', 'Liquid', '')).toBe(false);
    expect(activity.title.expression.value).toBe('Hi {{ x }}');
  });

  it('write plain values (switch cases) as they are', () => {
    expect(writeRaw(activity, 'Cases', [{ label: 'a' }]).cases).toEqual([{ label: 'a' }]);
  });
});
