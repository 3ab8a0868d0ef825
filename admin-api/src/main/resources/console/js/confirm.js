// Every action asks first, in a modal dialog; resolves true when confirmed.
const dialog = () => document.getElementById('confirm');

export function isOpen() {
  return dialog().open;
}

export function confirmAction({ title, text, ok = 'Confirm', danger = false }) {
  const d = dialog();
  document.getElementById('confirm-title').textContent = title;
  document.getElementById('confirm-text').textContent = text;
  const okButton = document.getElementById('confirm-ok');
  const cancel = document.getElementById('confirm-cancel');
  okButton.textContent = ok;
  okButton.className = danger ? 'danger' : '';
  return new Promise((resolve) => {
    const done = (answer) => {
      okButton.removeEventListener('click', yes);
      cancel.removeEventListener('click', no);
      d.removeEventListener('cancel', no);
      d.close();
      resolve(answer);
    };
    const yes = () => done(true);
    const no = () => done(false);
    okButton.addEventListener('click', yes);
    cancel.addEventListener('click', no);
    d.addEventListener('cancel', no);
    d.showModal();
    cancel.focus();
  });
}
