import { request, ApiError } from '../api.js';
import { el, replace } from '../dom.js';

/** The password change a login with a generated (or admin-set) password must make before anything else. */
export async function render(main, _params, app, { forced = true } = {}) {
  const error = el('p', { class: 'error', role: 'alert', 'aria-live': 'assertive' });
  const current = el('input', { id: 'current-password', type: 'password', autocomplete: 'current-password', required: true });
  const next = el('input', { id: 'new-password', type: 'password', autocomplete: 'new-password', minlength: '8', required: true });
  const confirm = el('input', { id: 'confirm-password', type: 'password', autocomplete: 'new-password', minlength: '8', required: true });
  const submit = el('button', { type: 'submit', class: 'primary' }, 'Change password');
  const form = el('form', { class: 'stacked', novalidate: true },
    el('label', { for: 'current-password' }, forced ? 'Current (temporary) password' : 'Current password', current),
    el('label', { for: 'new-password' }, 'New password (at least 8 characters)', next),
    el('label', { for: 'confirm-password' }, 'Repeat the new password', confirm),
    submit, error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    if (next.value !== confirm.value) {
      error.textContent = 'The new passwords differ.';
      confirm.focus();
      return;
    }
    submit.disabled = true;
    try {
      app.session = await request('POST', 'api/session/password', { currentPassword: current.value, newPassword: next.value });
      if (forced) await app.navigate('', { replace: true });
      else {
        error.className = 'ok';
        error.textContent = 'Password changed.';
        form.reset();
      }
    } catch (e) {
      error.className = 'error';
      error.textContent = e instanceof ApiError ? e.message : 'The server could not be reached.';
    } finally {
      submit.disabled = false;
    }
  });

  if (!forced) return form;
  replace(main, el('div', { class: 'login-box panel' },
    el('h1', {}, 'Choose a new password'),
    el('p', {}, 'You logged in with a temporary password. Choose your own before you continue.'),
    form));
  current.focus();
  return null;
}
