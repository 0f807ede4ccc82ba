import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActivityDescriptor, InputDescriptor } from './api';

/**
 * An activity type's name and description in the user's language: the translation under `activities.<type>` when
 * there is one (types are keyed with their dots replaced by underscores), else what the server's descriptor says.
 */
export function useActivityText() {
  const { t, i18n } = useTranslation();
  return useCallback(
    (descriptor: Pick<ActivityDescriptor, 'typeName' | 'displayName' | 'description'>) => {
      const key = `activities.${descriptor.typeName.replace(/\./g, '_')}`;
      const fallbackName = descriptor.displayName ?? descriptor.typeName;
      return {
        displayName: i18n.exists(`${key}.name`) ? t(`${key}.name`) : fallbackName,
        description: i18n.exists(`${key}.description`) ? t(`${key}.description`) : (descriptor.description ?? undefined),
      };
    },
    [t, i18n],
  );
}

export function useInputText() {
  const { t, i18n } = useTranslation();
  return useCallback(
    (typeName: string, input: InputDescriptor) => {
      const key = `activities.${typeName.replace(/\./g, '_')}.inputs.${input.name}`;
      return i18n.exists(key) ? t(key) : input.displayName;
    },
    [t, i18n],
  );
}
