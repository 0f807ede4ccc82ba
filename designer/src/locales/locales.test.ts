import { describe, expect, it } from 'vitest';
import en from './en';
import zhCN from './zh-CN';

function keys(value: unknown, prefix = ''): string[] {
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, child]) => keys(child, prefix ? `${prefix}.${key}` : key));
  return [prefix];
}

function leaves(value: unknown): unknown[] {
  return value && typeof value === 'object' ? Object.values(value).flatMap(leaves) : [value];
}

describe('translations', () => {
  it('have the same keys in English and Chinese', () => {
    expect(keys(zhCN).sort()).toEqual(keys(en).sort());
  });

  it('have no empty strings', () => {
    for (const messages of [en, zhCN]) {
      for (const leaf of leaves(messages)) expect(typeof leaf === 'string' && leaf.trim().length > 0).toBe(true);
    }
  });

  it('use the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]).sort();
    const english = new Map(keys(en).map((key) => [key, key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], en) as string]));
    for (const key of keys(zhCN)) {
      const chinese = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], zhCN) as string;
      expect(placeholders(chinese), key).toEqual(placeholders(english.get(key)!));
    }
  });
});
