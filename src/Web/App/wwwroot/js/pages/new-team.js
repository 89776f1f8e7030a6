import { graphql } from '../api.js';
import { el, replace, errorBox } from '../dom.js';

const CREATE_TEAM = `mutation CreateTeam($teamName: String!) { createTeam(input: { teamName: $teamName }) { entity { name } } }`;

/** Creates a team with the user as its first admin, then opens the team's page. */
export async function render(main, _params, app) {
  document.title = 'New team · Orleans.Wandb';
  const message = el('div', { 'aria-live': 'polite' });
  const name = el('input', { id: 'team-name', required: true, autocomplete: 'off', 'aria-describedby': 'team-name-help' });
  const form = el('form', { class: 'inline-form' },
    el('label', { for: 'team-name' }, 'Team name', name),
    el('button', { type: 'submit', class: 'primary' }, 'Create team'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const data = await graphql(CREATE_TEAM, { teamName: name.value.trim() });
      await app.refreshSession();
      await app.navigate(encodeURIComponent(data.createTeam.entity.name));
    } catch (e) {
      replace(message, errorBox(e));
    }
  });
  replace(main,
    el('h1', {}, 'Create a team'),
    el('section', { class: 'panel' },
      el('p', { id: 'team-name-help' }, 'Letters, digits, dots, dashes and underscores. Runs log into the team with ',
        el('code', {}, 'wandb.init(entity="<team>")'), ' or ', el('code', {}, 'WANDB_ENTITY=<team>'), '. You become its first admin.'),
      form, message));
}
