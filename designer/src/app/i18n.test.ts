import { describe, expect, it } from 'vitest';
import { initialLanguage } from './i18n';

describe('initialLanguage', () => {
  it('keeps a remembered choice', () => {
    expect(initialLanguage('zh-CN', ['en-US'])).toBe('zh-CN');
    expect(initialLanguage('en', ['zh-CN'])).toBe('en');
  });

  it('follows the browser otherwise, any Chinese variant being Simplified Chinese', () => {
    expect(initialLanguage(null, ['zh-TW', 'en'])).toBe('zh-CN');
    expect(initialLanguage(null, ['fr-FR', 'en-GB'])).toBe('en');
    expect(initialLanguage('klingon', ['de-DE'])).toBe('en');
  });
});
