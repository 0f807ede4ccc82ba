import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActivityDescriptor, InputDescriptor } from './api';
import { activityLabel, isFlowchart, type ElsaActivity } from './elsa';
import type { TypeInfo, TypeInfos } from './flow';

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

/** What the canvas knows of each activity type (ports, start), with its name in the user's language. */
export function useTypeInfos(descriptors: readonly ActivityDescriptor[]): TypeInfos {
  const activityText = useActivityText();
  return useMemo(
    () => new Map<string, TypeInfo>(descriptors.map((d) => [d.typeName, { displayName: activityText(d).displayName, isStart: d.isStart, outcomes: d.outcomes, dynamicOutcomesInput: d.dynamicOutcomesInput }])),
    [descriptors, activityText],
  );
}

/** An activity of a flowchart by its label (its display text, else its type's name), or its id when it is not there. */
export function activityNameIn(chart: ElsaActivity | undefined, types: TypeInfos, id: string): string {
  const activity = isFlowchart(chart) ? chart.activities?.find((a) => a.id === id) : undefined;
  return activity ? activityLabel(activity, types.get(activity.type)?.displayName) : id;
}
