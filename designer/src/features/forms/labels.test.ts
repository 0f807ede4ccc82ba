import { describe, expect, it } from 'vitest';
import { humanize } from './labels';

describe('humanize', () => {
  it('turns a camelCase or kebab-case name into words', () => {
    expect(humanize('handlingResult')).toBe('Handling result');
    expect(humanize('fedBackToCustomer')).toBe('Fed back to customer');
    expect(humanize('process-optimisation')).toBe('Process optimisation');
    expect(humanize('x')).toBe('X');
  });
});
