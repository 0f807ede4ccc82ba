import { describe, expect, it } from 'vitest';
import type { DefinitionVersionSummary } from '../../../api/types';
import { versionEvents } from './versions';

const version = (overrides: Partial<DefinitionVersionSummary>): DefinitionVersionSummary => ({
  id: 'v1', definitionId: 'd', version: 1, name: null, status: 'Draft', isLatest: true, isPublished: false,
  createdAt: '2026-12-01T08:00:00Z', createdBy: 'owner', updatedAt: '2026-12-01T08:00:00Z', updatedBy: 'owner',
  publishedAt: null, publishedBy: null, retractedAt: null, retractedBy: null, ...overrides,
});

describe('versionEvents', () => {
  it('lists only the creation of a draft saved once', () => {
    expect(versionEvents(version({})).map((e) => e.key)).toEqual(['created']);
  });

  it('adds the last save when the draft was saved again by someone else', () => {
    const events = versionEvents(version({ updatedAt: '2026-12-01T09:00:00Z', updatedBy: 'owner2' }));
    expect(events.map((e) => [e.key, e.by])).toEqual([['created', 'owner'], ['saved', 'owner2']]);
  });

  it('does not count publishing or retracting as a save', () => {
    const events = versionEvents(version({
      status: 'Retracted', publishedAt: '2026-12-01T10:00:00Z', publishedBy: 'admin',
      retractedAt: '2026-12-02T10:00:00Z', retractedBy: null, updatedAt: '2026-12-02T10:00:00Z', updatedBy: null,
    }));
    expect(events.map((e) => [e.key, e.by])).toEqual([['created', 'owner'], ['publishedAt', 'admin'], ['retractedAt', null]]);
  });
});
