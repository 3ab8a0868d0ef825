import { api, download } from './api.js';
import { h, STATES, badge, when } from './dom.js';
import { series, draw, RATE_DAYS } from './burndown.js';

export function overview(view) {
  const totals = h('tbody');
  const sessionsUp = h('div', { class: 'figure', id: 'sessions-up', text: '…' });
  const refused = h('div', { class: 'figure', id: 'refused-7d', text: '…' });
  const users = h('div', { class: 'figure', id: 'users-total', text: '…' });
  const canvas = h('canvas', { id: 'burndown' });
  const caption = h('p', { class: 'muted', id: 'burndown-caption' });
  const audit = h('tbody');
  const csv = (table) => h('button', {
    class: 'plain', id: 'export-' + table, text: table + ' CSV',
    onclick: () => download(`/api/reports/migration?format=csv&table=${table}`, `pptp-migration-${table}.csv`, 'text/csv'),
  });
  view.append(
    h('h1', { text: 'Overview' }),
    h('div', { class: 'grid' },
      h('div', { class: 'card' }, h('h2', { text: 'Accounts' }), users),
      h('div', { class: 'card' }, h('h2', { text: 'Live PPTP sessions now' }), sessionsUp),
      h('div', { class: 'card' }, h('h2', { text: 'Refused by the sunset, last 7 days' }), refused)),
    h('div', { class: 'card' },
      h('h2', { text: 'Burndown: accounts still on PPTP' }),
      h('div', { class: 'chart-box' }, canvas), caption),
    h('div', { class: 'grid' },
      h('div', { class: 'card' }, h('h2', { text: 'Per migration state' }),
        h('table', { id: 'totals' },
          h('thead', {}, h('tr', {}, h('th', { text: 'state' }), h('th', { class: 'num', text: 'accounts' }),
            h('th', { class: 'num', text: 'devices' }))), totals)),
      h('div', { class: 'card' }, h('h2', { text: 'Recent actions' }),
        h('table', { id: 'audit' }, h('thead', {}, h('tr', {}, h('th', { text: 'when' }), h('th', { text: 'who' }),
          h('th', { text: 'action' }), h('th', { text: 'target' }))), audit))),
    h('div', { class: 'card toolbar' }, h('h2', { text: 'Exports' }), csv('users'), csv('devices'), csv('history'), csv('totals')));

  async function refresh() {
    const [o, actions] = await Promise.all([api('/api/console/overview'), api('/api/audit?limit=8')]);
    users.textContent = o.users;
    sessionsUp.textContent = o.sessionsUp;
    refused.textContent = o.refusedAfterSunset7d;
    totals.replaceChildren(...STATES.map((s) => h('tr', { 'data-state': s },
      h('td', {}, badge(s)),
      h('td', { class: 'num', 'data-total': 'accounts', text: o.totals[s] ?? 0 }),
      h('td', { class: 'num', 'data-total': 'devices', text: o.deviceTotals[s] ?? 0 }))));
    const s = series(o.history, o.today, o.globalSunset);
    draw(canvas, s);
    const parts = [`From ${o.firstLogin}, the first PPTP login recorded, to ${o.today}.`];
    parts.push(s.zeroDate
      ? `At the rate of the last ${RATE_DAYS} days (${s.rate.toFixed(2)} accounts a day) the last account is off PPTP around ${s.zeroDate}.`
      : `Not going down over the last ${RATE_DAYS} days: no projection.`);
    parts.push(o.globalSunset ? `Sunset: ${o.globalSunset}${s.sunsetShown ? '' : ' (beyond the chart)'}.` : 'No sunset date set.');
    caption.textContent = parts.join(' ');
    audit.replaceChildren(...actions.map((a) => h('tr', {},
      h('td', { text: when(a.at) }), h('td', { text: a.actor }), h('td', { text: a.action }), h('td', { text: a.target }))));
  }
  return { refresh };
}
