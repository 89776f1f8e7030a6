import { el, replace } from '../dom.js';
import { passwordForm } from '../password-form.js';

/** The password change a login with a generated (or admin-set) password must make before anything else. */
export async function render(main, _params, app) {
  const { form, focus } = passwordForm(app, {
    forced: true,
    onChanged: () => app.navigate('', { replace: true }),
  });
  replace(main, el('div', { class: 'login-box panel' },
    el('h1', {}, 'Choose a new password'),
    el('p', {}, 'You logged in with a temporary password. Choose your own before you continue.'),
    form));
  focus();
}
