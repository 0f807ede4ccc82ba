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

  it('say a workflow’s change to the case from its parts, and whom a new task is for', async () => {
    await i18n.changeLanguage('zh-CN');
    const changed = line({ code: 'caseChanged', title: 'status New → InProgress; category none → price', args: { statusFrom: 'New', statusTo: 'InProgress', categoryFrom: '', categoryTo: 'price', recorded: 'handlingResult,customerOpinion' } });
    expect(timelineText(changed, i18n.t, outcome, (name) => `[${name}]`).title).toBe('状态：新建 → 处理中；类别：无 → 价格；记录了[handlingResult]、[customerOpinion]');
    const noted = line({ code: 'caseNoted', title: 'Archived with its process history', detail: 'status FollowUp → Archived', args: { statusFrom: 'FollowUp', statusTo: 'Archived' } });
    expect(timelineText(noted, i18n.t, outcome)).toEqual({ title: 'Archived with its process history', detail: '状态：回访中 → 已归档' });
    await i18n.changeLanguage('en');
    const created = line({ code: 'taskCreated', detail: 'for role Supervisor, department finance', args: { title: 'Review', assignee: '', role: 'Supervisor', department: 'finance' } });
    expect(timelineText(created, i18n.t, outcome).detail).toBe('for role Supervisor, department finance');
  });

  it('say how a survey went out and until when, or why it cannot reach the customer', async () => {
    const sent = line({ kind: 'Survey', code: 'surveySent', detail: 'by email; expires 2026-12-13 03:20 UTC', args: { reach: 'sent', channel: 'email', expires: '2026-12-13T03:20:00Z' } });
    const unreachable = line({ kind: 'Survey', code: 'surveySent', detail: 'No email or phone on file', args: { reach: 'noContact', channel: 'log', expires: '2026-12-13T03:20:00Z' } });
    await i18n.changeLanguage('zh-CN');
    expect(timelineText(sent, i18n.t, outcome).detail).toMatch(/^通过邮件发送；2026-12-1\d \d\d:20 前可作答$/);
    expect(timelineText(unreachable, i18n.t, outcome).detail).toBe('没有邮箱或电话：问卷无法送达客户（链接从不向员工显示）');
    // A line stored before the values existed keeps its English detail.
    expect(timelineText(line({ kind: 'Survey', code: 'surveySent', detail: 'by email; expires …' }), i18n.t, outcome).detail).toBe('by email; expires …');
  });

  it('quote a line without a code, and fall back to the server’s title for a code the app does not know', async () => {
    await i18n.changeLanguage('zh-CN');
    expect(timelineText(line({ title: 'Archived with its process history', detail: 'note' }), i18n.t, outcome)).toEqual({ title: 'Archived with its process history', detail: 'note' });
    expect(timelineText(line({ code: 'somethingNew', title: 'Something new happened' }), i18n.t, outcome).title).toBe('Something new happened');
  });
});
