import { request } from '../api.js';
import { el, replace, timeEl, copyButton, errorBox } from '../dom.js';
import { passwordForm } from '../password-form.js';

/** The user's API keys (create: shown once; revoke) and password. */
export async function render(main, _params, app) {
  document.title = 'Settings · Orleans.Wandb';
  const keysBody = el('tbody');
  const created = el('div', { 'aria-live': 'polite' });

  async function loadKeys() {
    const keys = await request('GET', 'api/account/keys');
    replace(keysBody, keys.length === 0
      ? el('tr', {}, el('td', { colspan: '4', class: 'muted' }, 'No API keys.'))
      : keys.map((key) => {
        const revoke = el('button', { type: 'button', class: 'danger', 'aria-label': `Revoke key ${key.maskedKey}` }, 'Revoke');
        revoke.addEventListener('click', async () => {
          if (!confirm(`Revoke ${key.maskedKey}? Clients using it stop working.`)) return;
          revoke.disabled = true;
          try {
            await request('DELETE', `api/account/keys/${encodeURIComponent(key.id)}`);
            await loadKeys();
          } catch (e) {
            created.replaceChildren(errorBox(e));
          }
        });
        return el('tr', {}, el('td', {}, el('code', {}, key.maskedKey)), el('td', {}, key.description ?? ''), el('td', {}, timeEl(key.createdAt)), el('td', {}, revoke));
      }));
  }

  const description = el('input', { id: 'key-description', type: 'text', maxlength: '200', placeholder: 'e.g. laptop' });
  const createForm = el('form', { class: 'inline-form' },
    el('label', { for: 'key-description' }, 'Description', description),
    el('button', { type: 'submit', class: 'primary' }, 'Create API key'));
  createForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const issued = await request('POST', 'api/account/keys', { description: description.value || null });
      description.value = '';
      replace(created, el('div', { class: 'alert' },
        el('p', {}, 'Your new API key. Copy it now: it is not shown again.'),
        el('p', { class: 'secret', 'data-testid': 'new-key' }, issued.key),
        copyButton(issued.key, 'Copy key'),
        el('p', {}, 'Use it with ', el('code', {}, `wandb login --host=${app.session.serverUrl}`), ' or as WANDB_API_KEY.')));
      await loadKeys();
    } catch (e) {
      replace(created, errorBox(e));
    }
  });

  replace(main,
    el('h1', {}, 'Settings'),
    el('section', { class: 'panel', 'aria-labelledby': 'account' },
      el('h2', { id: 'account' }, 'Account'),
      el('dl', { class: 'facts' },
        el('dt', {}, 'Username'), el('dd', {}, app.session.username),
        el('dt', {}, 'Email'), el('dd', {}, app.session.email),
        el('dt', {}, 'Entities'), el('dd', {}, app.session.entities.join(', ')),
        el('dt', {}, 'Role'), el('dd', {}, app.session.admin ? 'Instance admin' : 'User'))),
    el('section', { class: 'panel', 'aria-labelledby': 'keys' },
      el('h2', { id: 'keys' }, 'API keys'),
      el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'Key'), el('th', {}, 'Description'), el('th', {}, 'Created'), el('th', {}, el('span', { class: 'sr-only' }, 'Actions')))), keysBody),
      el('h3', {}, 'New key'), createForm, created),
    el('section', { class: 'panel', 'aria-labelledby': 'password' },
      el('h2', { id: 'password' }, 'Password'),
      passwordForm(app, {
        forced: false,
        onChanged: ({ form, message }) => {
          message.className = 'ok';
          message.textContent = 'Password changed.';
          form.reset();
        },
      }).form));
  await loadKeys();
}
