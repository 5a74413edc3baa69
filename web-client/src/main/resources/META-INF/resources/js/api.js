// HTTP calls to the Televisit API with a bearer token; a refusal becomes a TelevisitError
// carrying the problem's reason (and, for WINDOW_NOT_OPEN, the opening time).

export class TelevisitError extends Error {
  constructor(problem, status) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'TelevisitError';
    this.status = status;
    this.reason = problem.reason || (status ? `HTTP_${status}` : 'NETWORK');
    this.opensAt = problem.opensAt ? new Date(problem.opensAt) : null;
    this.problem = problem;
  }
}

/** token: a string, or a function returning the current one (a host app may refresh it). */
export function createApi({ token, baseUrl = '' } = {}) {
  async function request(method, path, body) {
    const headers = { Accept: 'application/json' };
    const bearer = typeof token === 'function' ? token() : token;
    if (bearer) headers.Authorization = `Bearer ${bearer}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      throw new TelevisitError({ reason: 'NETWORK', detail: 'The server cannot be reached.' }, 0);
    }
    const text = await response.text();
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
    post: (path, body) => request('POST', path, body),
    del: (path) => request('DELETE', path),
  };
}
