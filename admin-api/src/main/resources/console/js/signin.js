import { signIn, signInWithPassword } from './api.js';
import { h } from './dom.js';

export function showSignIn(view, onSignedIn) {
  const token = h('input', { id: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false' });
  const error = h('p', { id: 'signin-error', class: 'error', role: 'alert' });
  const button = h('button', { id: 'signin', type: 'button', text: 'Sign in with the token' });
  const name = h('input', { id: 'admin-name', type: 'text', autocomplete: 'username', spellcheck: 'false' });
  const password = h('input', { id: 'admin-password', type: 'password', autocomplete: 'current-password' });
  const passwordButton = h('button', { id: 'signin-password', type: 'button', text: 'Sign in with the password' });
  const attempt = (how, fields) => async () => {
    error.textContent = '';
    button.disabled = passwordButton.disabled = true;
    try {
      await how();
      fields.forEach((f) => { f.value = ''; });
      onSignedIn();
    } catch (e) {
      error.textContent = 'Refused: ' + e.message;
    } finally {
      button.disabled = passwordButton.disabled = false;
    }
  };
  const byToken = attempt(() => signIn(token.value.trim()), [token]);
  const byPassword = attempt(() => signInWithPassword(name.value.trim(), password.value), [password]);
  button.addEventListener('click', byToken);
  token.addEventListener('keydown', (e) => { if (e.key === 'Enter') byToken(); });
  passwordButton.addEventListener('click', byPassword);
  password.addEventListener('keydown', (e) => { if (e.key === 'Enter') byPassword(); });
  view.replaceChildren(h('div', { class: 'card signin' },
    h('h1', { text: 'pptp2wg migration console' }),
    h('p', { class: 'muted', text: 'Sign in with an API token from config.yml (api.tokens): it is kept in this tab only.' }),
    h('label', { for: 'token', text: 'API token' }), token,
    h('div', { class: 'buttons' }, button),
    h('p', { class: 'muted', text: 'Or an administrator of api.admins:' }),
    h('label', { for: 'admin-name', text: 'Name' }), name,
    h('label', { for: 'admin-password', text: 'Password' }), password,
    h('div', { class: 'buttons' }, passwordButton), error));
  token.focus();
}
