import { describe, expect, it, vi } from 'vitest';
import type { FormInstance } from 'antd';
import { ApiError } from '../../api/client';
import { submitForm } from './submitForm';

const formOf = (valid: boolean) => {
  const setFields = vi.fn();
  const form = { validateFields: () => (valid ? Promise.resolve({ a: 1 }) : Promise.reject(new Error('invalid'))), setFields } as unknown as FormInstance<{ a: number }>;
  return { form, setFields };
};

describe('submitForm', () => {
  it('sends nothing while the form finds a field missing', async () => {
    const { form } = formOf(false);
    const send = vi.fn();
    expect(await submitForm(form, [], send, vi.fn())).toBeUndefined();
    expect(send).not.toHaveBeenCalled();
  });

  it('puts the server’s field errors next to their (nested or renamed) fields, and the rest aside', async () => {
    const { form, setFields } = formOf(true);
    const other = vi.fn();
    const refusal = new ApiError(400, { errors: { 'data.category': ['Category is required.'], 'customer.Phone': ['Too short.'], elsewhere: ['Nope.'] } });
    const result = await submitForm(form, ['data.category', 'customer.phone'], () => Promise.reject(refusal), other, (name) => name.replace(/^data\./, ''));
    expect(result).toBeUndefined();
    expect(setFields).toHaveBeenCalledWith([
      { name: ['category'], errors: ['Category is required.'] },
      { name: ['customer', 'phone'], errors: ['Too short.'] },
    ]);
    expect(other).toHaveBeenCalledWith(refusal);
  });

  it('answers what was sent back', async () => {
    const { form } = formOf(true);
    expect(await submitForm(form, [], (values) => Promise.resolve(values.a + 1), vi.fn())).toBe(2);
  });
});
