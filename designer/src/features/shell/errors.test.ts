import { describe, expect, it } from 'vitest';
import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client';
import { describeError, toFormErrors } from './errors';

const t = ((key: string) => key) as unknown as TFunction;

describe('toFormErrors', () => {
  it('matches the server field names to form fields regardless of case and keeps the rest apart', () => {
    const error = new ApiError(400, { title: 'Validation', errors: { Username: ['The username is required.'], 'root.activities[0]': ['bad'] } });
    expect(toFormErrors(error, ['username', 'password'] as const)).toEqual({
      fields: [{ name: 'username', errors: ['The username is required.'] }],
      other: ['bad'],
    });
  });

  it('finds nothing in errors that are not problem details', () => {
    expect(toFormErrors(new Error('x'), ['a'])).toEqual({ fields: [], other: [] });
  });
});

describe('describeError', () => {
  it('prefers the server detail, then field messages, then a sentence by status', () => {
    expect(describeError(new ApiError(401, { title: 'Sign-in failed', detail: 'Invalid username or password.' }), t)).toBe('Invalid username or password.');
    expect(describeError(new ApiError(400, { errors: { name: ['Too long.'] } }), t)).toBe('Too long.');
    expect(describeError(new ApiError(403, {}), t)).toBe('errors.forbidden');
    expect(describeError(new ApiError(0, {}), t)).toBe('errors.network');
  });
});
