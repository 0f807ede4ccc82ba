import { useMemo, useState } from 'react';
import { Collapse, Empty, Input, Tooltip } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ActivityDescriptor } from './api';
import { useActivityText } from './activityText';

export const paletteMime = 'application/x-caseflow-activity';

/** The activities a workflow can use, by category: drag one onto the canvas, or click it to add it in view. */
export function Palette({ descriptors, onAdd }: { descriptors: readonly ActivityDescriptor[]; onAdd: (typeName: string) => void }) {
  const { t } = useTranslation();
  const text = useActivityText();
  const [search, setSearch] = useState('');
  const groups = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const byCategory = new Map<string, ActivityDescriptor[]>();
    for (const descriptor of descriptors) {
      if (descriptor.typeName === 'Elsa.Flowchart') continue;
      const { displayName, description } = text(descriptor);
      if (needle && ![displayName, description ?? '', descriptor.typeName].some((value) => value.toLowerCase().includes(needle))) continue;
      const category = descriptor.category ?? 'Other';
      byCategory.set(category, [...(byCategory.get(category) ?? []), descriptor]);
    }
    return [...byCategory.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [descriptors, search, text]);

  return (
    <div className="palette" data-testid="palette">
      <Input allowClear size="small" prefix={<SearchOutlined />} placeholder={t('designer.paletteSearch')} value={search} onChange={(event) => setSearch(event.target.value)} />
      {groups.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('designer.paletteEmpty')} />
      ) : (
        <Collapse
          size="small"
          ghost
          defaultActiveKey={groups.map(([category]) => category)}
          activeKey={search ? groups.map(([category]) => category) : undefined}
          items={groups.map(([category, items]) => ({
            key: category,
            label: t(`designer.categories.${category}`, { defaultValue: category }),
            children: items.map((descriptor) => {
              const { displayName, description } = text(descriptor);
              return (
                <Tooltip key={descriptor.typeName} title={description} placement="right" mouseEnterDelay={0.6}>
                  <div
                    className="palette__item"
                    role="button"
                    tabIndex={0}
                    draggable
                    data-testid="palette-item"
                    data-type={descriptor.typeName}
                    onDragStart={(event) => {
                      event.dataTransfer.setData(paletteMime, descriptor.typeName);
                      event.dataTransfer.effectAllowed = 'copy';
                    }}
                    onClick={() => onAdd(descriptor.typeName)}
                    onKeyDown={(event) => event.key === 'Enter' && onAdd(descriptor.typeName)}
                  >
                    {displayName}
                  </div>
                </Tooltip>
              );
            }),
          }))}
        />
      )}
    </div>
  );
}
