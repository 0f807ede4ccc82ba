import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './SignInPage';

describe('safeReturnPath', () => {
  it('returns to a page of the app', () => {
    expect(safeReturnPath('/definitions/complaint-handling?tab=versions')).toBe('/definitions/complaint-handling?tab=versions');
  });

  it('never leaves the app or loops back to sign-in', () => {
    for (const from of ['https://evil.example', '//evil.example/x', '/sign-in?from=/x', null, '']) expect(safeReturnPath(from)).toBe('/');
  });
});
