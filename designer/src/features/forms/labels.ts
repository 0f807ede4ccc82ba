import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/** `handlingResult` → `Handling result`: a field the app has no name for still reads as words. */
export const humanize = (name: string) => {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[-_]+/g, ' ').trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/**
 * How the values a workflow definition names are shown to people: outcomes (`FedBack` → "Fed back" / "已反馈"), the
 * case's recorded fields and their values (booleans as yes/no, known option values translated), in the language
 * chosen. A value the app does not know is shown as it is.
 */
export function useLabels() {
  const { t } = useTranslation();
  return useMemo(
    () => ({
      outcome: (outcome: string | null | undefined) => (outcome ? t(`outcomes.${outcome}`, { defaultValue: outcome }) : '—'),
      field: (name: string) => t(`caseFields.${name}`, { defaultValue: humanize(name) }),
      value: (value: unknown): string => {
        if (value === null || value === undefined || value === '') return '—';
        if (typeof value === 'boolean') return value ? t('labels.yes') : t('labels.no');
        if (typeof value === 'string') return t(`formOptions.${value}`, { defaultValue: value });
        if (typeof value === 'object') return JSON.stringify(value);
        return String(value);
      },
    }),
    [t],
  );
}
