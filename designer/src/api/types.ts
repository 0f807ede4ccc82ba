// The server's DTOs as the app uses them (see CaseFlow.Server/Api). Dates are ISO 8601 strings.

export type DefinitionStatus = 'Draft' | 'Published' | 'Retracted';

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface Me {
  username: string;
  roles: string[];
}

export interface DefinitionListItem {
  definitionId: string;
  name: string | null;
  description: string | null;
  latestVersion: number;
  latestStatus: DefinitionStatus;
  publishedVersion: number | null;
  isPublished: boolean;
  updatedAt: string;
  /** Null when the system made the change (the workflows folder's import). */
  updatedBy: string | null;
}

export interface DefinitionVersionSummary {
  id: string;
  definitionId: string;
  version: number;
  name: string | null;
  status: DefinitionStatus;
  isLatest: boolean;
  isPublished: boolean;
  createdAt: string;
  createdBy: string | null;
  updatedAt: string;
  updatedBy: string | null;
  publishedAt: string | null;
  publishedBy: string | null;
  retractedAt: string | null;
  retractedBy: string | null;
}

export interface DeletedDraftResult {
  definitionId: string;
  deletedVersion: number;
  latest: DefinitionVersionSummary | null;
}

export interface DefinitionIssue {
  path: string;
  /** The server's English sentence. */
  message: string;
  severity: 'Error' | 'Warning';
  /** A stable code and its values: the web app shows the message in the user's language from them. */
  code?: string | null;
  args?: Record<string, string> | null;
}

export interface SavedDraft {
  draft: DefinitionVersionSummary;
  valid: boolean;
  issues: DefinitionIssue[];
}

export interface ImportedDefinition {
  index: number;
  definitionId: string;
  versionId: string;
  version: number;
}

export interface ImportResult {
  created: ImportedDefinition[];
  updated: ImportedDefinition[];
  unchanged: ImportedDefinition[];
}

/** The roles CaseFlow knows (CaseRoles on the server). */
export const Roles = {
  Admin: 'Admin',
  ProcessOwner: 'ProcessOwner',
  Agent: 'Agent',
  Supervisor: 'Supervisor',
  Manager: 'Manager',
} as const;
export type Role = (typeof Roles)[keyof typeof Roles];
