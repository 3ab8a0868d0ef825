import { api, download } from './api.js';
import { h, STATES, badge, when, bytes } from './dom.js';

const PAGE = 50;
// kept while the console is open, so that coming back from a user's page finds the table as it was
const state = { q: '', state: '', sort: 'name', dir: 'asc', offset: 0 };

export function usersPage(view) {
  const search = h('input', { id: 'user-search', type: 'search', placeholder: 'name, host or address', value: state.q });
  const filter = h('select', { id: 'state-filter' }, h('option', { value: '', text: 'every state' }),
    STATES.map((s) => h('option', { value: s, text: s })));
  filter.value = state.state;
  const sort = h('select', { id: 'sort' },
    [['name', 'name'], ['lastLogin', 'last login'], ['logins', 'logins'], ['bytes', 'bytes'], ['state', 'state']]
      .map(([v, t]) => h('option', { value: v, text: 'sort by ' + t })));
  sort.value = state.sort;
  const dir = h('select', { id: 'sort-dir' }, h('option', { value: 'asc', text: 'ascending' }),
    h('option', { value: 'desc', text: 'descending' }));
  dir.value = state.dir;
  const info = h('span', { id: 'page-info', class: 'muted' });
  const prev = h('button', { id: 'prev', class: 'plain', text: '‹ previous' });
  const next = h('button', { id: 'next', class: 'plain', text: 'next ›' });
  const body = h('tbody');
  const header = (key, text, num) => h('th', {
    class: (num ? 'num ' : '') + (key ? 'sortable' : ''), 'data-sort': key, text,
    onclick: key ? () => { setSort(key); } : undefined,
  });

  let typing;
  search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => { state.q = search.value; state.offset = 0; refresh(); }, 250);
  });
  filter.addEventListener('change', () => { state.state = filter.value; state.offset = 0; refresh(); });
  sort.addEventListener('change', () => { state.sort = sort.value; state.offset = 0; refresh(); });
  dir.addEventListener('change', () => { state.dir = dir.value; state.offset = 0; refresh(); });
  prev.addEventListener('click', () => { state.offset = Math.max(0, state.offset - PAGE); refresh(); });
  next.addEventListener('click', () => { state.offset += PAGE; refresh(); });

  function setSort(key) {
    state.dir = state.sort === key && state.dir === 'desc' ? 'asc' : 'desc';
    state.sort = key;
    sort.value = key;
    dir.value = state.dir;
    refresh();
  }

  view.append(
    h('h1', { text: 'Users' }),
    h('div', { class: 'toolbar' }, search, filter, sort, dir, h('span', { class: 'spacer' }), info, prev, next,
      h('button', {
        class: 'plain', id: 'export-users', text: 'users CSV',
        onclick: () => download('/api/reports/migration?format=csv&table=users', 'pptp-migration-users.csv', 'text/csv'),
      })),
    h('div', { class: 'card scroll' }, h('table', { id: 'users-table' },
      h('thead', {}, h('tr', {}, header('name', 'user'), header('state', 'state'), header('lastLogin', 'last login'),
        header('logins', 'logins', true), header('bytes', 'bytes', true), header(null, 'devices', true),
        header(null, 'live', true), header(null, 'last client'), header(null, 'sunset'))),
      body)));

  let seq = 0;
  async function refresh() {
    const mine = ++seq;
    const p = new URLSearchParams({ q: state.q, state: state.state, sort: state.sort, dir: state.dir,
      offset: state.offset, limit: PAGE });
    const page = await api('/api/console/users?' + p);
    if (mine !== seq) return; // a newer request is on its way
    if (page.total > 0 && page.offset >= page.total) { state.offset = Math.max(0, page.total - PAGE); return refresh(); }
    info.textContent = page.total === 0 ? 'no user matches'
      : `${page.offset + 1}–${page.offset + page.users.length} of ${page.total}`;
    prev.disabled = page.offset === 0;
    next.disabled = page.offset + page.users.length >= page.total;
    body.replaceChildren(...page.users.map((u) => h('tr', { 'data-user': u.name },
      h('td', {}, h('a', { href: '#/user/' + encodeURIComponent(u.name), text: u.name })),
      h('td', {}, badge(u.state)),
      h('td', { 'data-field': 'lastLogin', text: when(u.lastLogin) }),
      h('td', { class: 'num', 'data-field': 'logins', text: u.logins }),
      h('td', { class: 'num', 'data-field': 'bytes', 'data-value': u.bytesFromClient + u.bytesToClient,
        text: bytes(u.bytesFromClient + u.bytesToClient) }),
      h('td', { class: 'num', text: `${u.devicesMigrated}/${u.devices}` }),
      h('td', { class: 'num', text: u.sessionsUp }),
      h('td', { text: u.lastClient ? (u.lastClient.hostName || '') + ' ' + (u.lastClient.publicAddress || '') : '—' }),
      h('td', { text: u.sunsetDate ? `${u.sunsetDate} (${u.sunsetSource})` : '—' }))));
  }
  return { refresh };
}
