import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, onUnauthorized, UnauthorizedError } from './client';

function respond(status: number, body?: unknown, type = 'application/json') {
  return vi.fn(async () => new Response(body === undefined ? null : JSON.stringify(body), { status, headers: body === undefined ? {} : { 'content-type': type } }));
}

afterEach(() => vi.unstubAllGlobals());

describe('api', () => {
  it('sends state changes as JSON even without a body (the server refuses other cookie requests)', async () => {
    const fetch = respond(204);
    vi.stubGlobal('fetch', fetch);
    await api('/api/auth/logout', { method: 'POST' });
    const init = (fetch.mock.calls[0] as unknown as [string, RequestInit])[1];
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
    expect(init.credentials).toBe('same-origin');
  });

  it('turns problem details into an error naming the fields', async () => {
    vi.stubGlobal('fetch', respond(400, { title: 'Validation', errors: { name: ['Required.'] } }, 'application/problem+json'));
    const error = await api('/api/x', { method: 'POST', body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).fieldErrors).toEqual({ name: ['Required.'] });
  });

  it('reports a 401 to the session watcher, except for the sign-in itself', async () => {
    const seen = vi.fn();
    const stop = onUnauthorized(seen);
    vi.stubGlobal('fetch', respond(401, { title: 'Unauthorized' }));
    await expect(api('/api/tasks')).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(api('/api/auth/login', { method: 'POST', body: {}, anonymous: true })).rejects.toBeInstanceOf(UnauthorizedError);
    stop();
    expect(seen).toHaveBeenCalledTimes(1);
  });
});
