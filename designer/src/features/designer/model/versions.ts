import type { DefinitionVersionSummary } from '../../../api/types';

/** What happened to a version, oldest first: created, last saved (when saved again later), published, retracted. */
export function versionEvents(version: DefinitionVersionSummary) {
  const events: { key: 'created' | 'saved' | 'publishedAt' | 'retractedAt'; at: string; by: string | null }[] = [{ key: 'created', at: version.createdAt, by: version.createdBy }];
  const lastSave = version.updatedAt !== version.publishedAt && version.updatedAt !== version.retractedAt && version.updatedAt !== version.createdAt;
  if (lastSave) events.push({ key: 'saved', at: version.updatedAt, by: version.updatedBy });
  if (version.publishedAt) events.push({ key: 'publishedAt', at: version.publishedAt, by: version.publishedBy });
  if (version.retractedAt) events.push({ key: 'retractedAt', at: version.retractedAt, by: version.retractedBy });
  return events;
}
