// The console's router: #/overview, #/users, #/user/NAME; the shown page is polled every POLL_MS.
import { session, signOut } from './api.js';
import { isOpen } from './confirm.js';
import { showSignIn } from './signin.js';
import { overview } from './overview.js';
import { usersPage } from './users.js';
import { userPage } from './user.js';

const POLL_MS = 4000;
const view = document.getElementById('view');
const bar = document.getElementById('bar');
const updated = document.getElementById('updated');
let timer = null;
let page = null;

function stop() {
  clearInterval(timer);
  timer = null;
  page = null;
}

async function tick(p) {
  try {
    await p.refresh();
    if (p === page) {
      updated.textContent = 'updated ' + new Date().toLocaleTimeString();
      updated.dataset.ok = String(Date.now());
    }
  } catch (e) {
    if (p === page) updated.textContent = 'not updated: ' + e.message;
  }
}

function route() {
  stop();
  if (!session.active()) {
    bar.hidden = true;
    showSignIn(view, () => { if (location.hash === '#/overview') route(); else location.hash = '#/overview'; });
    return;
  }
  bar.hidden = false;
  view.replaceChildren();
  const hash = location.hash || '#/overview';
  if (hash.startsWith('#/user/')) page = userPage(view, decodeURIComponent(hash.slice('#/user/'.length)));
  else if (hash.startsWith('#/users')) page = usersPage(view);
  else page = overview(view);
  for (const [id, on] of [['nav-overview', hash === '#/overview'], ['nav-users', hash.startsWith('#/user')]]) {
    document.getElementById(id).classList.toggle('current', on);
  }
  const p = page;
  tick(p);
  timer = setInterval(() => { if (!isOpen() && !document.hidden) tick(p); }, POLL_MS);
}

document.getElementById('sign-out').addEventListener('click', async () => { await signOut(); route(); });
window.addEventListener('console-signed-out', route);
window.addEventListener('hashchange', route);
route();
