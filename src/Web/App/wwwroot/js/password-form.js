// The password change form: the page a login with a temporary password must pass, and a section of Settings.
import { request, ApiError } from './api.js';
import { el } from './dom.js';

/**
 * A form that changes the session user's password. `forced`: the user logged in with a temporary password, which the
 * labels say; `onChanged` runs after the server accepted the new password.
 */
export function passwordForm(app, { forced, onChanged }) {
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
      await onChanged({ form, message: error });
    } catch (e) {
      error.className = 'error';
      error.textContent = e instanceof ApiError ? e.message : 'The server could not be reached.';
    } finally {
      submit.disabled = false;
    }
  });
  return { form, focus: () => current.focus() };
}
