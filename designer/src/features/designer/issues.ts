import type { TFunction } from 'i18next';
import type { DefinitionIssue } from '../../api/types';
import type { ElsaDefinition } from './elsa';

export interface LocatedIssue extends DefinitionIssue {
  /** The activity the issue is about (from its JSON path), if any. */
  activityId?: string;
  /** The activity's input the issue is about, if any (the path's next segment). */
  input?: string;
}

/** Places each validator finding on its activity: paths read `root.activities[3].condition` (index into the saved JSON). */
export function locateIssues(definition: ElsaDefinition, issues: readonly DefinitionIssue[]): LocatedIssue[] {
  const activities = (definition.root as { activities?: { id: string }[] }).activities ?? [];
  return issues.map((issue) => {
    const match = /^root\.activities\[(\d+)\](?:\.([A-Za-z_$][\w$]*))?/.exec(issue.path);
    if (!match) return { ...issue };
    const activity = activities[Number(match[1])];
    return { ...issue, activityId: activity?.id, input: match[2] };
  });
}

export function issuesByActivity(issues: readonly LocatedIssue[]): Map<string, LocatedIssue[]> {
  const map = new Map<string, LocatedIssue[]>();
  for (const issue of issues) {
    if (!issue.activityId) continue;
    map.set(issue.activityId, [...(map.get(issue.activityId) ?? []), issue]);
  }
  return map;
}

/** A finding in the user's language: its code's template filled with its values, else the server's English sentence. */
export function issueText(issue: DefinitionIssue, t: TFunction): string {
  if (!issue.code) return issue.message;
  return t(`validation.${issue.code}`, { ...(issue.args ?? {}), defaultValue: issue.message });
}
