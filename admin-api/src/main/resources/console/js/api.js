// The admin API, signed in one of two ways:
// - an API token: kept in sessionStorage only (gone with the tab), sent only in the Authorization header,
//   never in a URL, with no cookie, so no request can be forged cross-site with it;
// - an administrator's name and password (api.admins): the server sets an HttpOnly, SameSite=Strict session
//   cookie (Path=/api) and answers a CSRF token, kept here in sessionStorage and sent as X-CSRF-Token on
//   every call that changes anything.
const KEY = 'pptp2wg.console.token';
const CSRF = 'pptp2wg.console.csrf';

export const session = {
  token: () => sessionStorage.getItem(KEY),
  csrf: () => sessionStorage.getItem(CSRF),
  active: () => sessionStorage.getItem(KEY) !== null || sessionStorage.getItem(CSRF) !== null,
  set: (t) => sessionStorage.setItem(KEY, t),
  clear: () => { sessionStorage.removeItem(KEY); sessionStorage.removeItem(CSRF); },
};

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function call(path, token, { method = 'GET', json, text, accept = 'application/json' } = {}) {
  const headers = { Accept: accept };
  if (token) headers.Authorization = 'Bearer ' + token;
  else if (method !== 'GET' && session.csrf()) headers['X-CSRF-Token'] = session.csrf();
  let body;
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  } else if (text !== undefined) {
    headers['Content-Type'] = 'text/plain';
    body = text;
  }
  const r = await fetch(path, { method, headers, body, cache: 'no-store', credentials: token ? 'omit' : 'same-origin', redirect: 'error' });
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

/** Signs in with an administrator's name and password: the session cookie, and the CSRF token kept here. */
export async function signInWithPassword(name, password) {
  const r = await call('/api/console/session', null, { method: 'POST', json: { name, password } });
  sessionStorage.setItem(CSRF, (await r.json()).csrf);
}

/** Ends a password session on the server too; a token needs only forgetting. */
export async function signOut() {
  if (!session.token() && session.csrf()) {
    try { await call('/api/console/session', null, { method: 'DELETE' }); } catch { /* ended already */ }
  }
  session.clear();
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
