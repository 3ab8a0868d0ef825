// The admin API with the bearer token. The token lives in sessionStorage only (gone with the tab), is sent
// only in the Authorization header, never in a URL; no cookie is used, so no request can be forged
// cross-site with the administrator's credentials.
const KEY = 'pptp2wg.console.token';

export const session = {
  token: () => sessionStorage.getItem(KEY),
  set: (t) => sessionStorage.setItem(KEY, t),
  clear: () => sessionStorage.removeItem(KEY),
};

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function call(path, token, { method = 'GET', json, text, accept = 'application/json' } = {}) {
  const headers = { Authorization: 'Bearer ' + token, Accept: accept };
  let body;
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  } else if (text !== undefined) {
    headers['Content-Type'] = 'text/plain';
    body = text;
  }
  const r = await fetch(path, { method, headers, body, cache: 'no-store', credentials: 'omit', redirect: 'error' });
  if (!r.ok) {
    let message = r.statusText;
    try { message = (await r.json()).message || message; } catch { /* not JSON */ }
    throw new ApiError(r.status, message);
  }
  return r;
}

/** Checks a token before keeping it: the cheapest authenticated call. */
export async function signIn(token) {
  await call('/api/audit?limit=1', token);
  session.set(token);
}

export async function api(path, opts = {}) {
  try {
    const r = await call(path, session.token(), opts);
    if (r.status === 204) return null;
    const type = r.headers.get('Content-Type') || '';
    if (type.includes('json')) return r.json();
    if (type.startsWith('image/')) return r.blob();
    return r.text();
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      session.clear();
      window.dispatchEvent(new Event('console-signed-out'));
    }
    throw e;
  }
}

/** Saves an authenticated download (a CSV export, a configuration) as a file. */
export async function download(path, filename, accept) {
  const r = await call(path, session.token(), { accept });
  const url = URL.createObjectURL(await r.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
