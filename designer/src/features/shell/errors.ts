import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client';

/** A readable sentence for a failed call: the server's own detail where it gave one, else one by status. */
export function describeError(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return t('errors.network');
    const fields = Object.values(error.fieldErrors).flat();
    if (error.problem.detail) return error.problem.detail;
    if (fields.length > 0) return fields.join(' ');
    if (error.status === 403) return t('errors.forbidden');
    if (error.status === 404) return t('errors.notFound');
    if (error.status === 409) return t('errors.conflict');
    return error.problem.title ?? t('errors.generic', { status: error.status });
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Field errors of a problem answer as Ant Design form fields: keys are matched to form field names without regard to
 * case (the server sends camelCase property names); errors for no field of the form are returned apart.
 */
export function toFormErrors<K extends string>(error: unknown, fieldNames: readonly K[]): { fields: { name: K; errors: string[] }[]; other: string[] } {
  const fields: { name: K; errors: string[] }[] = [];
  const other: string[] = [];
  if (!(error instanceof ApiError)) return { fields, other };
  for (const [key, messages] of Object.entries(error.fieldErrors)) {
    const name = fieldNames.find((candidate) => candidate.toLowerCase() === key.toLowerCase());
    if (name) fields.push({ name, errors: messages });
    else other.push(...messages);
  }
  return { fields, other };
}
