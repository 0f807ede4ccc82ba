import { Tag, Tooltip } from 'antd';
import { ClockCircleOutlined, WarningOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { dueOf, spanParts } from './due';

export function formatSpan(minutes: number, t: TFunction): string {
  const { days, hours, minutes: rest } = spanParts(minutes);
  if (days > 0) return hours > 0 ? t('due.daysHours', { days, hours }) : t('due.days', { days });
  if (hours > 0) return rest > 0 ? t('due.hoursMinutes', { hours, minutes: rest }) : t('due.hours', { hours });
  return t('due.minutes', { minutes: Math.max(rest, minutes === 0 ? 0 : 1) });
}

/** A due time as a countdown: grey when far, amber within the hour, red once overdue; the exact time on hover. */
export function DueTag({ dueAt, now, done }: { dueAt: string | null; now: number; done?: boolean }) {
  const { t } = useTranslation();
  const due = dueOf(dueAt, now);
  if (due.state === 'none' || due.minutes === null) return <span className="muted">{t('due.none')}</span>;
  const exact = dayjs(dueAt).format('YYYY-MM-DD HH:mm');
  if (done) return <span className="muted">{exact}</span>;
  const color = due.state === 'overdue' ? 'error' : due.state === 'soon' ? 'warning' : 'default';
  return (
    <Tooltip title={t('due.at', { at: exact })}>
      <Tag color={color} icon={due.state === 'overdue' ? <WarningOutlined /> : <ClockCircleOutlined />} data-testid="due" data-due={due.state}>
        {due.state === 'overdue' ? t('due.overdueBy', { span: formatSpan(due.minutes, t) }) : t('due.in', { span: formatSpan(due.minutes, t) })}
      </Tag>
    </Tooltip>
  );
}
