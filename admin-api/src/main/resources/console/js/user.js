import { api, download } from './api.js';
import { h, badge, when, bytes, duration } from './dom.js';
import { confirmAction } from './confirm.js';

// A user's page: facts, actions (each confirmed, each audited by the API), live sessions, devices, history.
// The configuration (it holds the private key) is fetched only after a confirmation, never by the polling.
export function userPage(view, name) {
  const path = '/api/users/' + encodeURIComponent(name);
  const title = h('h1', { id: 'user-name', text: name });
  const facts = h('dl', { class: 'facts', id: 'user-facts' });
  const message = h('p', { id: 'action-message', role: 'status' });
  const sunsetInput = h('input', { id: 'sunset-date', type: 'text', placeholder: 'YYYY-MM-DD', size: 12,
    pattern: '\\d{4}-\\d{2}-\\d{2}' });
  const cutover = h('button', { id: 'issue-cutover', text: 'Issue cut-over' });
  const show = h('button', { id: 'show-config', class: 'plain', text: 'Show configuration' });
  const setSunset = h('button', { id: 'set-sunset', class: 'plain', text: 'Set sunset' });
  const clearSunset = h('button', { id: 'clear-sunset', class: 'plain', text: 'Clear sunset' });
  const config = h('div', { class: 'card', id: 'config', hidden: true });
  const sessions = h('tbody', { id: 'sessions' });
  const devices = h('tbody', { id: 'devices' });
  const history = h('tbody', { id: 'history' });
  let current = null;

  const say = (text, error) => { message.textContent = text; message.className = error ? 'error' : 'muted'; };
  const act = async (fn) => {
    try { await fn(); await refresh(); } catch (e) { say(e.message, true); }
  };

  async function showConfig(textPath, pngPath, label) {
    const [text, png] = await Promise.all([
      api(textPath, { accept: 'text/plain' }), api(pngPath, { accept: 'image/png' })]);
    const img = h('img', { id: 'config-qr', alt: 'QR code of the WireGuard configuration' });
    img.src = URL.createObjectURL(png);
    const file = name.replace(/[^A-Za-z0-9_.-]/g, '_') + '.conf';
    config.replaceChildren(h('h2', { text: 'WireGuard configuration: ' + label }),
      h('p', { class: 'muted', text: 'It holds the private key: hand it to the user only. Scan the code with the WireGuard app, or download the file.' }),
      h('div', { class: 'config' }, h('pre', { id: 'config-text', text }), img),
      h('div', { class: 'actions' },
        h('button', { class: 'plain', id: 'download-config', text: 'Download ' + file, onclick: () => download(textPath, file, 'text/plain') }),
        h('button', { class: 'plain', id: 'hide-config', text: 'Hide', onclick: () => { config.hidden = true; config.replaceChildren(); } })));
    config.hidden = false;
  }

  cutover.addEventListener('click', () => act(async () => {
    const ok = await confirmAction({ title: 'Issue the cut-over for ' + name + '?',
      text: `${name}'s account gets its native WireGuard configuration (all its devices become cutover-issued). PPTP keeps working until the key is seen at the backend. The action is audited.`,
      ok: 'Issue cut-over' });
    if (!ok) return;
    await api(path + '/cutover', { method: 'POST', text: '', accept: 'text/plain' });
    say('Cut-over issued for ' + name + '.');
    await showConfig(path + '/wireguard.conf', path + '/wireguard.png', 'account ' + name);
  }));
  show.addEventListener('click', () => act(async () => {
    const ok = await confirmAction({ title: 'Show the configuration of ' + name + '?',
      text: 'It contains the private key of the account. Showing it is audited.', ok: 'Show' });
    if (ok) await showConfig(path + '/wireguard.conf', path + '/wireguard.png', 'account ' + name);
  }));
  setSunset.addEventListener('click', () => act(async () => {
    const date = sunsetInput.value.trim();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) { say('A sunset date is YYYY-MM-DD.', true); return; }
    const ok = await confirmAction({ title: `Set ${name}'s sunset to ${date}?`,
      text: `From ${date} 00:00 ${name}'s PPTP logins are refused with the sunset message. Audited.`, ok: 'Set sunset', danger: true });
    if (!ok) return;
    await api(path + '/sunset', { method: 'PUT', json: { date } });
    say(`Sunset of ${name} set to ${date}.`);
  }));
  clearSunset.addEventListener('click', () => act(async () => {
    const ok = await confirmAction({ title: `Clear ${name}'s own sunset date?`,
      text: 'The global sunset date (if any) applies again. Audited.', ok: 'Clear sunset' });
    if (!ok) return;
    await api(path + '/sunset', { method: 'DELETE' });
    say(`Own sunset of ${name} cleared.`);
  }));

  function disconnectButton(s) {
    return h('button', { class: 'danger', 'data-session': s.id, text: 'Disconnect', onclick: () => act(async () => {
      const ok = await confirmAction({ title: `Disconnect session ${s.id} of ${name}?`,
        text: `The PPTP session from ${s.client?.publicAddress ?? '?'} (${s.tunnelAddress}) is ended now. The client may dial again. Audited.`,
        ok: 'Disconnect', danger: true });
      if (!ok) return;
      await api('/api/sessions/' + s.id, { method: 'DELETE' });
      say(`Session ${s.id} disconnected.`);
    }) });
  }

  function deviceCutover(d) {
    if (d.cutover !== 'none') {
      return h('button', { class: 'plain', 'data-device': d.id, text: 'Show', onclick: () => act(async () => {
        const ok = await confirmAction({ title: `Show the configuration of ${d.label}?`,
          text: 'It contains a private key. Showing it is audited.', ok: 'Show' });
        const base = `${path}/devices/${d.id}`;
        if (ok) await showConfig(base + '/wireguard.conf', base + '/wireguard.png', d.label);
      }) });
    }
    return h('button', { class: 'plain', 'data-device': d.id, text: 'Cut over', onclick: () => act(async () => {
      const ok = await confirmAction({ title: `Cut over the device ${d.label}?`,
        text: 'This device gets a WireGuard configuration of its own (the first device takes the account\'s key and address; a further one a new key and address for the backend). Audited.',
        ok: 'Cut over device' });
      if (!ok) return;
      const base = `${path}/devices/${d.id}`;
      const r = await api(base + '/cutover', { method: 'POST', text: '' });
      say(r.backendChange ? 'Device cut over: add its [Peer] to the backend (GET /api/backend/peers).' : 'Device cut over.');
      await showConfig(base + '/wireguard.conf', base + '/wireguard.png', d.label);
    }) });
  }

  view.append(
    h('p', {}, h('a', { href: '#/users', text: '‹ users' })),
    title,
    h('div', { class: 'grid' },
      h('div', { class: 'card' }, h('h2', { text: 'Account' }), facts),
      h('div', { class: 'card' }, h('h2', { text: 'Actions' }),
        h('div', { class: 'actions' }, cutover, show),
        h('div', { class: 'actions' }, h('label', { for: 'sunset-date', text: 'Sunset' }), sunsetInput, setSunset, clearSunset),
        message)),
    config,
    h('div', { class: 'card scroll' }, h('h2', { text: 'Live sessions' }), h('table', {},
      h('thead', {}, h('tr', {}, ['id', 'from', 'tunnel address', 'auth', 'up since', 'bytes in/out', 'WireGuard', ''].map((t) => h('th', { text: t })))),
      sessions)),
    h('div', { class: 'card scroll' }, h('h2', { text: 'Devices' }), h('table', {},
      h('thead', {}, h('tr', {}, ['device', 'state', 'last login', 'logins', 'last auth', 'bytes', 'cut-over', 'address', ''].map((t) => h('th', { text: t })))),
      devices)),
    h('div', { class: 'card scroll' }, h('h2', { text: 'History (latest 100)' }), h('table', {},
      h('thead', {}, h('tr', {}, ['when', 'event', 'client', 'tunnel address', 'duration', 'bytes in/out', 'reason'].map((t) => h('th', { text: t })))),
      history)));

  async function refresh() {
    const [detail, live] = await Promise.all([api(path + '?limit=100'), api('/api/sessions')]);
    const u = detail.user;
    current = u;
    title.replaceChildren(name, ' ', badge(u.state));
    const fact = (k, v, id) => [h('dt', { text: k }), h('dd', { id, text: v ?? '—' })];
    facts.replaceChildren(
      ...fact('state', u.state, 'fact-state'),
      ...fact('WireGuard public key', u.wireguardPublicKey, 'fact-public-key'),
      ...fact('tunnel address', u.tunnelAddress, 'fact-address'),
      ...fact('sunset', u.sunsetDate ? `${u.sunsetDate} (${u.sunsetSource})` : null, 'fact-sunset'),
      ...fact('last login', when(u.lastLogin)),
      ...fact('logins', String(u.logins)),
      ...fact('bytes from / to client', `${bytes(u.bytesFromClient)} / ${bytes(u.bytesToClient)}`),
      ...fact('auth failures / refusals', `${u.authFailures} / ${u.refusedAttempts}`),
      ...fact('cut-over issued', when(u.cutoverIssuedAt), 'fact-cutover'),
      ...fact('migrated', u.migratedAt ? `${when(u.migratedAt)} from ${u.nativeEndpoint}` : null));
    show.disabled = !u.cutoverIssuedAt;
    cutover.textContent = u.cutoverIssuedAt ? 'Issue cut-over again' : 'Issue cut-over';
    const mine = live.filter((s) => s.user === name);
    sessions.replaceChildren(...(mine.length ? mine.map((s) => h('tr', { 'data-session': s.id },
      h('td', { text: s.id }),
      h('td', { text: `${s.client?.hostName ?? ''} ${s.client?.publicAddress ?? ''}` }),
      h('td', { text: s.tunnelAddress }),
      h('td', { text: `${s.auth} ${s.mppe ?? ''}` }),
      h('td', { text: when(s.started) }),
      h('td', { text: `${bytes(s.bytesFromClient)} / ${bytes(s.bytesToClient)}` }),
      h('td', { text: s.addressHolding }),
      h('td', {}, disconnectButton(s)))) : [h('tr', {}, h('td', { colspan: 8, class: 'muted', text: 'no live session' }))]));
    devices.replaceChildren(...detail.devices.map((d) => h('tr', { 'data-device': d.id },
      h('td', { text: d.label }), h('td', {}, badge(d.state)), h('td', { text: when(d.lastLogin) }),
      h('td', { text: d.logins }), h('td', { text: d.lastAuth ?? '—' }),
      h('td', { text: bytes(d.bytesFromClient + d.bytesToClient) }), h('td', { text: d.cutover }),
      h('td', { text: d.tunnelAddress ?? '—' }), h('td', {}, deviceCutover(d)))));
    history.replaceChildren(...detail.history.map((e) => h('tr', { 'data-kind': e.kind },
      h('td', { text: when(e.at) }), h('td', { text: e.kind }),
      h('td', { text: e.client ? `${e.client.hostName ?? ''} ${e.client.publicAddress ?? ''}` : '—' }),
      h('td', { text: e.tunnelAddress ?? '—' }), h('td', { text: e.kind === 'LOGOUT' ? duration(e.durationMs) : '' }),
      h('td', { text: e.bytesFromClient === null || e.bytesFromClient === undefined ? '' : `${bytes(e.bytesFromClient)} / ${bytes(e.bytesToClient)}` }),
      h('td', { text: e.reason ?? '' }))));
  }
  return { refresh };
}
