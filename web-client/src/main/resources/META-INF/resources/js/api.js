// HTTP calls to the Televisit API with a bearer token; a refusal becomes a TelevisitError
// carrying the problem's reason (and, for WINDOW_NOT_OPEN, the opening time). A call that gets no
// whole answer within the timeout (timeouts.js: 10 s) is abandoned and fails with reason TIMEOUT.
import { seconds, timeouts } from './timeouts.js';

/** Failures that may pass: no answer in time, no connection, Jitsi's script not loaded. */
const TRANSIENT = new Set(['TIMEOUT', 'NETWORK', 'JITSI_TIMEOUT', 'JITSI_UNAVAILABLE']);

export class TelevisitError extends Error {
  constructor(problem, status) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'TelevisitError';
    this.status = status;
    this.reason = problem.reason || (status ? `HTTP_${status}` : 'NETWORK');
    this.opensAt = problem.opensAt ? new Date(problem.opensAt) : null;
    this.problem = problem;
  }

  /** Whether trying the same thing again may work (a timeout, a lost connection, a server error). */
  get retryable() {
    return TRANSIENT.has(this.reason) || this.status >= 500;
  }
}

/**
 * token: a string, or a function returning the current one (a host app may refresh it).
 * timeoutMs: how long one call may take; by default timeouts.apiMs as it is at the call.
 */
export function createApi({ token, baseUrl = '', timeoutMs } = {}) {
  async function request(method, path, body, { keepalive = false } = {}) {
    const headers = { Accept: 'application/json' };
    const bearer = typeof token === 'function' ? token() : token;
    if (bearer) headers.Authorization = `Bearer ${bearer}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const limit = timeoutMs ?? timeouts.apiMs;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), limit);
    let response;
    let text;
    try {
      response = await fetch(baseUrl + path, {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: abort.signal, keepalive,
      });
      text = await response.text();
    } catch {
      if (abort.signal.aborted) {
        throw new TelevisitError({ reason: 'TIMEOUT', detail: `Televisit did not answer within ${seconds(limit)}.`, timeoutMs: limit }, 0);
      }
      throw new TelevisitError({ reason: 'NETWORK', detail: 'The server cannot be reached.' }, 0);
    } finally {
      clearTimeout(timer);
    }
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = { detail: text };
    }
    if (!response.ok) throw new TelevisitError(data || {}, response.status);
    return data;
  }
  return {
    get: (path) => request('GET', path),
    // options.keepalive: the request outlives the page (a report sent as the page goes away).
    post: (path, body, options) => request('POST', path, body, options),
    del: (path) => request('DELETE', path),
  };
}
