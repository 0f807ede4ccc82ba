// One place that talks HTTP to the CaseFlow server: the browser's cookie session, JSON in and out, and RFC 7807 problem
// details turned into errors the screens can show next to the field they name.

/** An RFC 7807 answer: `errors` maps a field (or JSON path) to its messages. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: Record<string, string[]>;
}

/** A failed API call: the HTTP status and what the server said about it. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: ProblemDetails;

  constructor(status: number, problem: ProblemDetails) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }

  /** Messages per field, keys as the server sent them (camelCase property names or JSON paths). */
  get fieldErrors(): Record<string, string[]> {
    return this.problem.errors ?? {};
  }
}

/** The session ended or never began: the app sends the user to sign in and back. */
export class UnauthorizedError extends ApiError {
  constructor(problem: ProblemDetails) {
    super(401, problem);
    this.name = 'UnauthorizedError';
  }
}

type Listener = () => void;
const unauthorizedListeners = new Set<Listener>();

/** Called on every 401 from a call that expected a session (not from the sign-in itself). */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  /** Query values; undefined and empty strings are left out. */
  query?: Record<string, string | number | boolean | undefined | null>;
  signal?: AbortSignal;
  /** The sign-in call itself: a 401 there is a wrong password, not an expired session. */
  anonymous?: boolean;
}

export function buildUrl(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function readProblem(response: Response): Promise<ProblemDetails> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      return (await response.json()) as ProblemDetails;
    } catch {
      // fall through: a body that is not JSON after all
    }
  }
  return { status: response.status, title: response.statusText || `HTTP ${response.status}` };
}

/** Calls the API; resolves to the parsed JSON (undefined for 204), rejects with an {@link ApiError}. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  let body: BodyInit | undefined;
  if (options.body !== undefined) body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  const method = options.method ?? (body === undefined ? 'GET' : 'POST');
  // The server's cross-site guard accepts a browser session's state change only as JSON, body or not.
  if (method !== 'GET') headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, { title: 'network', detail: error instanceof Error ? error.message : String(error) });
  }
  if (response.status === 401) {
    const problem = await readProblem(response);
    if (!options.anonymous) unauthorizedListeners.forEach((listener) => listener());
    throw new UnauthorizedError(problem);
  }
  if (!response.ok) throw new ApiError(response.status, await readProblem(response));
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  return (type.includes('json') ? await response.json() : await response.text()) as T;
}
