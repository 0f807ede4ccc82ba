import i18n from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../../locales/en';
import zh from '../../locales/zh-CN';
import { timelineText } from './timelineText';
import type { TimelineItem } from './types';

const line = (over: Partial<TimelineItem>): TimelineItem => ({ at: '2026-12-05T01:00:00Z', kind: 'Case', title: 'English title', actor: null, detail: null, source: 'case', ...over });
const outcome = (value: string) => `<${value}>`;

describe('timeline lines', () => {
  beforeAll(async () => {
    await i18n.init({ lng: 'en', resources: { en: { translation: en }, 'zh-CN': { translation: zh } } });
  });

  it('are said from their code and values in the reader’s language', async () => {
    const received = line({ code: 'received', args: { type: 'Complaint', channel: 'Phone' } });
    const met = line({ kind: 'Sla', code: 'slaMet', args: { name: 'complaint.firstResponse', due: '' } });
    await i18n.changeLanguage('en');
    expect(timelineText(received, i18n.t, outcome).title).toBe('Complaint received by phone');
    expect(timelineText(met, i18n.t, outcome).title).toBe('SLA First response met');
    await i18n.changeLanguage('zh-CN');
    expect(timelineText(received, i18n.t, outcome).title).toBe('投诉已受理（电话）');
    expect(timelineText(met, i18n.t, outcome).title).toBe('首次响应已达标');
  });

  it('put a completed task’s outcome in the title, and drop a colon with nothing after it', async () => {
    await i18n.changeLanguage('en');
    const done = timelineText(line({ code: 'taskCompleted', args: { title: 'Classify CF-1', outcome: 'Classified' }, detail: 'outcome Classified' }), i18n.t, outcome);
    expect(done).toEqual({ title: 'Task completed: Classify CF-1 (<Classified>)', detail: null });
    expect(timelineText(line({ code: 'messageSent', args: { channel: 'email', recipient: 'Li Wei', subject: '' } }), i18n.t, outcome).title).toBe('Email sent to Li Wei');
  });

  it('quote a line without a code, and fall back to the server’s title for a code the app does not know', async () => {
    await i18n.changeLanguage('zh-CN');
    expect(timelineText(line({ title: 'Archived with its process history', detail: 'note' }), i18n.t, outcome)).toEqual({ title: 'Archived with its process history', detail: 'note' });
    expect(timelineText(line({ code: 'somethingNew', title: 'Something new happened' }), i18n.t, outcome).title).toBe('Something new happened');
  });
});
