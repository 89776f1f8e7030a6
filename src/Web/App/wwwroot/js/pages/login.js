import { request, ApiError } from '../api.js';
import { el, replace } from '../dom.js';

export async function render(main, _params, app) {
  document.title = 'Log in · Orleans.Wandb';
  const error = el('p', { class: 'error', role: 'alert', 'aria-live': 'assertive' });
  const login = el('input', { id: 'login', name: 'login', type: 'text', autocomplete: 'username', required: true });
  const password = el('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = el('button', { type: 'submit', class: 'primary' }, 'Log in');
  const form = el('form', { class: 'stacked', novalidate: true },
    el('label', { for: 'login' }, 'Email or username', login),
    el('label', { for: 'password' }, 'Password', password),
    submit, error);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    submit.disabled = true;
    try {
      app.session = await request('POST', 'api/session/login', { login: login.value, password: password.value });
      const next = new URLSearchParams(location.search).get('next');
      await app.navigate(next && !next.startsWith('/') && !next.includes('//') ? next : '', { replace: true });
    } catch (e) {
      error.textContent = e instanceof ApiError ? e.message : 'The server could not be reached.';
      password.select();
    } finally {
      submit.disabled = false;
    }
  });

  replace(main, el('div', { class: 'login-box panel' },
    el('h1', {}, 'Log in to Orleans.Wandb'),
    el('p', { class: 'muted' }, 'A W&B-compatible experiment tracker.'),
    form));
  login.focus();
}
