import { Modal, Table } from 'antd';
import { useTranslation } from 'react-i18next';

export const shortcuts = [
  { keys: 'Ctrl+S', action: 'save' },
  { keys: 'Ctrl+Z', action: 'undo' },
  { keys: 'Ctrl+Shift+Z / Ctrl+Y', action: 'redo' },
  { keys: 'Ctrl+C', action: 'copy' },
  { keys: 'Ctrl+V', action: 'paste' },
  { keys: 'Ctrl+A', action: 'selectAll' },
  { keys: 'Delete / Backspace', action: 'delete' },
  { keys: 'Shift + drag', action: 'boxSelect' },
  { keys: 'Ctrl + click', action: 'multiSelect' },
  { keys: '?', action: 'help' },
] as const;

export function ShortcutHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal open={open} onCancel={onClose} footer={null} title={t('designer.shortcutsTitle')} data-testid="shortcut-help">
      <Table
        size="small"
        pagination={false}
        rowKey="keys"
        dataSource={[...shortcuts]}
        columns={[
          { title: t('designer.shortcutKeys'), dataIndex: 'keys', render: (keys: string) => <kbd>{keys}</kbd> },
          { title: t('designer.shortcutAction'), dataIndex: 'action', render: (action: string) => t(`designer.shortcuts.${action}`) },
        ]}
      />
    </Modal>
  );
}
