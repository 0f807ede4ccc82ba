import type { FormInstance } from 'antd';
import { toFormErrors } from './errors';

/**
 * Submits a form the way every form of the app does: the form checks what it can first (nothing is sent while a
 * field says what is missing); `send` posts the values; a refusal's field errors (problem details naming the field,
 * a dotted name for a nested one) go next to their fields; anything else goes to `onOtherError`. `toField` maps a
 * name the server uses to the form's (a task form's `data.category` is its `category`). Resolves to what `send`
 * answered, or undefined when nothing was sent or it was refused.
 */
export async function submitForm<V, T>(
  form: FormInstance<V>,
  serverNames: readonly string[],
  send: (values: V) => Promise<T>,
  onOtherError: (error: unknown) => void,
  toField: (serverName: string) => string = (name) => name,
): Promise<T | undefined> {
  let values: V;
  try {
    values = await form.validateFields();
  } catch {
    return undefined;
  }
  try {
    return await send(values);
  } catch (error) {
    const { fields, other } = toFormErrors(error, serverNames);
    form.setFields(fields.map((entry) => ({ name: toField(entry.name).split('.') as never, errors: entry.errors })));
    if (fields.length === 0 || other.length > 0) onOtherError(error);
    return undefined;
  }
}
