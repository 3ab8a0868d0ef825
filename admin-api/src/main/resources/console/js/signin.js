import { signIn } from './api.js';
import { h } from './dom.js';

export function showSignIn(view, onSignedIn) {
  const token = h('input', { id: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false' });
  const error = h('p', { id: 'signin-error', class: 'error', role: 'alert' });
  const button = h('button', { id: 'signin', type: 'button', text: 'Sign in' });
  const go = async () => {
    error.textContent = '';
    button.disabled = true;
    try {
      await signIn(token.value.trim());
      token.value = '';
      onSignedIn();
    } catch (e) {
      error.textContent = 'Refused: ' + e.message;
    } finally {
      button.disabled = false;
    }
  };
  button.addEventListener('click', go);
  token.addEventListener('keydown', (e) => { if (e.key === 'Enter') go(); });
  view.replaceChildren(h('div', { class: 'card signin' },
    h('h1', { text: 'pptp2wg migration console' }),
    h('p', { class: 'muted', text: 'Sign in with an API token from config.yml (api.tokens). It is kept in this tab only.' }),
    h('label', { for: 'token', text: 'API token' }), token,
    h('div', { class: 'buttons' }, button), error));
  token.focus();
}
