import { request } from '../api.js';
import { el, replace, copyButton } from '../dom.js';

/** Where `wandb login` sends people: creates a key on request and shows it with the line to paste it into. */
export async function render(main, _params, app) {
  document.title = 'Authorize · Orleans.Wandb';
  const result = el('div', { 'aria-live': 'polite' });
  const create = el('button', { type: 'button', class: 'primary' }, 'Create an API key for this computer');
  create.addEventListener('click', async () => {
    create.disabled = true;
    try {
      const issued = await request('POST', 'api/account/keys', { description: 'wandb login (authorize page)' });
      replace(result,
        el('p', {}, 'Your new API key (shown only now; paste it where ', el('code', {}, 'wandb login'), ' asks for it):'),
        el('p', { class: 'secret', 'data-testid': 'new-key' }, issued.key),
        copyButton(issued.key, 'Copy key'));
    } catch (e) {
      replace(result, el('p', { class: 'error', role: 'alert' }, e.message));
      create.disabled = false;
    }
  });
  replace(main,
    el('h1', {}, 'Authorize the W&B client'),
    el('section', { class: 'panel' },
      el('p', {}, 'Run this on the computer that logs runs:'),
      el('pre', { class: 'command' }, el('code', {}, `wandb login --host=${app.session.serverUrl}`)),
      el('p', {}, 'It asks for an API key. Create one here; keys can be revoked under Settings.'),
      create, result));
}
