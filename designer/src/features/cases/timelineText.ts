import { useMemo } from 'react';
import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../forms/labels';
import type { TimelineItem } from './types';

const capitalize = (value: string) => value.charAt(0).toUpperCase() + value.slice(1);

/** The values a line's sentence names, as the reader reads them (an SLA clock's name, a channel, an event type, a time). */
function readable(code: string, args: Record<string, string>, t: TFunction, outcome: (value: string) => string): Record<string, string> {
  const out: Record<string, string> = { ...args };
  if (args.type) out.type = t(`case.types.${args.type}`, { defaultValue: args.type });
  // A case comes in by a channel (phone, email...); a message goes out by one (Email, SMS...).
  if (args.channel) out.channel = code === 'received' ? t(`timeline.receivedBy.${capitalize(args.channel)}`, { defaultValue: args.channel }) : t(`timeline.channels.${args.channel}`, { defaultValue: args.channel });
  if (args.name) out.name = t(`sla.names.${args.name}`, { defaultValue: args.name });
  if (args.due) out.due = dayjs(args.due).format('YYYY-MM-DD HH:mm');
  if (args.outcome) out.outcome = outcome(args.outcome);
  if (args.eventType) out.eventType = t(`emergencies.eventTypes.${args.eventType}`, { defaultValue: args.eventType });
  if (args.scenario) out.scenario = t(`emergencies.eventTypes.${args.scenario}`, { defaultValue: args.scenario });
  if (args.kind) out.kind = t(`dashboard.drillKinds.${args.kind}`, { defaultValue: args.kind });
  if (args.form) out.form = t(`emergencies.forms.${args.form}`, { defaultValue: args.form });
  return out;
}

/**
 * A timeline line in the reader's language: a line with a code is said from its key and values (the server's English
 * title is the fallback for a code this app does not know); a line without one quotes a definition or a person as is.
 */
export function timelineText(item: TimelineItem, t: TFunction, outcome: (value: string) => string, field: (name: string) => string = (name) => name): { title: string; detail: string | null } {
  if (!item.code) return { title: item.title, detail: item.detail };
  // A workflow's change to the case: said from its parts; with a note of the definition's, the note is the title.
  if (item.code === 'caseChanged') return { title: changes(item.args ?? {}, t, field) || item.title, detail: null };
  if (item.code === 'caseNoted') return { title: item.title, detail: changes(item.args ?? {}, t, field) || item.detail };
  const args = readable(item.code, item.args ?? {}, t, outcome);
  // A message without a subject leaves its sentence's last colon with nothing after it.
  let title = t(`timeline.codes.${item.code}`, { ...args, defaultValue: item.title, interpolation: { escapeValue: false } }).replace(/[:：]\s*$/, '');
  if (item.code === 'emergencyReported' || item.code === 'drillEmergencyReported') {
    if (item.args?.suggestedLevel) title += t('timeline.suggestedLevel', { level: item.args.suggestedLevel });
    if (item.args?.red) title += t('timeline.red');
  }
  // A completed task's outcome is in its title now; a new task says who it is for; other details are what people wrote.
  const detail = item.code === 'taskCompleted' ? null : item.code === 'taskCreated' || item.code === 'followUpDue' ? taskFor(item.args ?? {}, t) ?? item.detail : item.code === 'surveySent' ? surveyReach(item.args ?? {}, t) ?? item.detail : item.detail;
  return { title, detail };
}

/** How a survey invitation went out and until when it can be answered, or why it cannot reach the customer. */
function surveyReach(args: Record<string, string>, t: TFunction): string | null {
  if (!args.reach) return null;
  const channel = t(`timeline.channels.${args.channel}`, { defaultValue: args.channel });
  return t(`timeline.survey.${args.reach}`, { channel, expires: args.expires ? dayjs(args.expires).format('YYYY-MM-DD HH:mm') : '', interpolation: { escapeValue: false } });
}

/** Whom a new task is for: its assignee, or its role (and department). */
function taskFor(args: Record<string, string>, t: TFunction): string | null {
  const department = args.department ? t('timeline.department', { department: args.department }) : '';
  if (args.assignee) return t('timeline.assignedTo', { who: args.assignee }) + department;
  if (args.role) return t('timeline.forRole', { role: t(`roles.${args.role}`, { defaultValue: args.role }) }) + department;
  return null;
}

/** The parts of a workflow's change to a case (status, category, priority, fields recorded), in the reader's language. */
function changes(args: Record<string, string>, t: TFunction, field: (name: string) => string): string {
  const category = (key: string) => (key ? t(`categories.${key}`, { defaultValue: key }) : t('timeline.changes.none'));
  const parts: string[] = [];
  if (args.statusTo) parts.push(t('timeline.changes.status', { from: t(`case.statuses.${args.statusFrom}`, { defaultValue: args.statusFrom }), to: t(`case.statuses.${args.statusTo}`, { defaultValue: args.statusTo }) }));
  if (args.categoryTo) parts.push(t('timeline.changes.category', { from: category(args.categoryFrom ?? ''), to: category(args.categoryTo) }));
  if (args.priorityTo) parts.push(t('timeline.changes.priority', { from: t(`priority.${args.priorityFrom}`, { defaultValue: args.priorityFrom }), to: t(`priority.${args.priorityTo}`, { defaultValue: args.priorityTo }) }));
  if (args.recorded) parts.push(t('timeline.changes.recorded', { fields: args.recorded.split(',').map(field).join(t('timeline.changes.listSeparator')) }));
  if (args.overtaken) parts.push(t('timeline.changes.overtaken', { what: args.overtaken }));
  return parts.join(t('timeline.changes.separator'));
}

/** {@link timelineText} bound to the current language. */
export function useTimelineText() {
  const { t } = useTranslation();
  const labels = useLabels();
  return useMemo(() => (item: TimelineItem) => timelineText(item, t, labels.outcome, labels.field), [t, labels]);
}
