import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';

describe('toCsv', () => {
  it('writes a header and rows, quoting only what needs it', () => {
    expect(toCsv(['category', 'count'], [['price', 3], ['service, attitude', 1], ['say "hi"', null]])).toBe(
      'category,count\r\nprice,3\r\n"service, attitude",1\r\n"say ""hi""",\r\n',
    );
  });
});
