import { request } from '../api.js';
import { el, replace, timeEl, bytes, errorBox } from '../dom.js';

/**
 * Instance administration: users (list, create, reset a password, deactivate and reactivate), storage (per project, free space) and the
 * client versions the server advertises to W&B clients (serverInfo.cliVersionInfo, read by `wandb verify`).
 */
export async function render(main, params, app) {
  document.title = 'Admin · Orleans.Wandb';
  const usersBody = el('tbody');
  const message = el('div', { 'aria-live': 'polite' });
  const storage = el('div');

  const showPassword = (who, password) => replace(message, el('div', { class: 'alert' },
    el('p', {}, `Temporary password for ${who} (shown once; they must change it at first login):`),
    el('p', { class: 'secret', 'data-testid': 'temporary-password' }, password)));

  async function loadUsers() {
    const users = await request('GET', 'api/admin/users');
    replace(usersBody, users.map((user) => {
      const reset = el('button', { type: 'button', 'aria-label': `Reset the password of ${user.username}` }, 'Reset password');
      reset.addEventListener('click', async () => {
        if (!confirm(`Give ${user.username} a new temporary password?`)) return;
        try {
          const answer = await request('POST', `api/admin/users/${encodeURIComponent(user.id)}/password`, {});
          showPassword(user.username, answer.password);
          await loadUsers();
        } catch (e) {
          replace(message, errorBox(e));
        }
      });
      const actions = el('td', { class: 'actions' }, reset);
      // Deactivating yourself would lock you out; the server refuses it too.
      if (user.id !== app.session.id) actions.append(activationButton(user));
      return el('tr', user.deactivated ? { class: 'deactivated' } : {},
        el('td', {}, user.username, user.deactivated ? el('span', { class: 'tag', 'data-testid': 'deactivated' }, 'deactivated') : ''),
        el('td', {}, user.email), el('td', {}, user.admin ? 'admin' : ''),
        el('td', {}, user.mustChangePassword ? 'must change password' : ''), el('td', {}, timeEl(user.createdAt)), actions);
    }));
  }

  /** Deactivation ends the user's sessions and stops their keys at once; their runs stay. Reactivation undoes it. */
  function activationButton(user) {
    const verb = user.deactivated ? 'Reactivate' : 'Deactivate';
    const button = el('button', { type: 'button', class: user.deactivated ? '' : 'danger', 'aria-label': `${verb} ${user.username}` }, verb);
    button.addEventListener('click', async () => {
      const question = user.deactivated
        ? `Reactivate ${user.username}? Their password and API keys work again.`
        : `Deactivate ${user.username}? They are signed out everywhere and their API keys stop working; their runs and projects stay.`;
      if (!confirm(question)) return;
      try {
        await request('POST', `api/admin/users/${encodeURIComponent(user.id)}/${user.deactivated ? 'reactivate' : 'deactivate'}`, {});
        replace(message, el('p', { class: 'ok' }, `${user.username} is ${user.deactivated ? 'active again' : 'deactivated'}.`));
        await loadUsers();
      } catch (e) {
        replace(message, errorBox(e));
      }
    });
    return button;
  }

  async function loadStorage() {
    const report = await request('GET', 'api/admin/storage');
    const rows = report.projects.map((p) => el('tr', {},
      el('td', {}, `${p.entity}/${p.project}`), el('td', { class: 'num' }, String(p.runCount)),
      el('td', { class: 'num' }, bytes(p.fileBytes)), el('td', { class: 'num' }, bytes(p.historyBytes)),
      el('td', { class: 'num' }, bytes(p.fileBytes + p.historyBytes))));
    replace(storage,
      report.lowDiskSpace
        ? el('div', { class: 'alert', role: 'alert', 'data-testid': 'low-disk' },
          `Low disk space: ${bytes(report.freeBytes)} free, under the warning level of ${bytes(report.warningFreeBytes)}. Add space or remove data before writes start failing.`)
        : null,
      el('p', {}, report.freeBytes == null
        ? 'Free space: not applicable to this storage profile.'
        : `Free space: ${bytes(report.freeBytes)} of ${bytes(report.totalBytes)} (warning below ${bytes(report.warningFreeBytes)}).`),
      el('table', {},
        el('thead', {}, el('tr', {}, el('th', {}, 'Project'), el('th', { class: 'num' }, 'Runs'), el('th', { class: 'num' }, 'Run files'), el('th', { class: 'num' }, 'History'), el('th', { class: 'num' }, 'Total'))),
        el('tbody', {}, rows.length ? rows : el('tr', {}, el('td', { colspan: '5', class: 'muted' }, 'No projects.')))));
  }

  const latestVersion = el('input', { id: 'latest-client-version', required: true, autocomplete: 'off', maxlength: '32', placeholder: '0.28.2' });
  const minimumVersion = el('input', { id: 'minimum-client-version', required: true, autocomplete: 'off', maxlength: '32', placeholder: '0.16.6' });
  const versionsMessage = el('div', { 'aria-live': 'polite' });
  const versionsForm = el('form', { class: 'inline-form', 'data-testid': 'client-versions' },
    el('label', { for: 'latest-client-version' }, 'Latest version', latestVersion),
    el('label', { for: 'minimum-client-version' }, 'Minimum supported version', minimumVersion),
    el('button', { type: 'submit', class: 'primary' }, 'Save'));
  const showVersions = (policy) => { latestVersion.value = policy.latestVersion; minimumVersion.value = policy.minimumVersion; };
  versionsForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      showVersions(await request('PUT', 'api/admin/client-versions', { latestVersion: latestVersion.value, minimumVersion: minimumVersion.value }));
      replace(versionsMessage, el('p', { class: 'ok' }, 'Saved. Clients read it at their next login or run.'));
    } catch (e) {
      replace(versionsMessage, errorBox(e));
    }
  });
  async function loadVersions() {
    showVersions(await request('GET', 'api/admin/client-versions'));
  }

  const username = el('input', { id: 'new-username', required: true, autocomplete: 'off' });
  const email = el('input', { id: 'new-email', type: 'email', required: true, autocomplete: 'off' });
  const password = el('input', { id: 'new-password-admin', type: 'text', autocomplete: 'off', placeholder: 'leave empty to generate' });
  const isAdmin = el('input', { id: 'new-admin', type: 'checkbox' });
  const form = el('form', { class: 'inline-form' },
    el('label', { for: 'new-username' }, 'Username', username),
    el('label', { for: 'new-email' }, 'Email', email),
    el('label', { for: 'new-password-admin' }, 'Temporary password', password),
    el('label', { for: 'new-admin', class: 'check' }, isAdmin, 'Admin'),
    el('button', { type: 'submit', class: 'primary' }, 'Create user'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const answer = await request('POST', 'api/admin/users', { username: username.value, email: email.value, password: password.value || null, admin: isAdmin.checked });
      if (answer.password) showPassword(answer.user.username, answer.password);
      else replace(message, el('p', { class: 'ok' }, `Created ${answer.user.username}; they must change the password at first login.`));
      form.reset();
      await loadUsers();
    } catch (e) {
      replace(message, errorBox(e));
    }
  });

  replace(main,
    el('h1', {}, 'Admin'),
    el('section', { class: 'panel', 'aria-labelledby': 'storage' }, el('h2', { id: 'storage' }, 'Storage'), storage),
    el('section', { class: 'panel', 'aria-labelledby': 'client-versions' },
      el('h2', { id: 'client-versions' }, 'Client versions'),
      el('p', { class: 'muted' }, 'What this server tells W&B clients: `wandb verify` fails for clients older than the minimum and warns for clients newer than the latest version.'),
      versionsForm, versionsMessage),
    el('section', { class: 'panel', 'aria-labelledby': 'users' },
      el('h2', { id: 'users' }, 'Users'),
      el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'Username'), el('th', {}, 'Email'), el('th', {}, 'Role'), el('th', {}, 'Password'), el('th', {}, 'Created'), el('th', {}, el('span', { class: 'sr-only' }, 'Actions')))), usersBody),
      el('h3', {}, 'New user'), form, message));
  await Promise.all([loadUsers(), loadStorage(), loadVersions()]);
}
