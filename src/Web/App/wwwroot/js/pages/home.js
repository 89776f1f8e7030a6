import { request } from '../api.js';
import { el, replace, link, timeEl, copyButton } from '../dom.js';

/** The entities the user belongs to, their projects, run counts and last activity; a how-to when there is nothing yet. */
export async function render(main, _params, app) {
  document.title = 'Projects · Orleans.Wandb';
  const entities = await request('GET', 'api/account/projects');
  const total = entities.reduce((n, e) => n + e.projects.length, 0);
  const loginLine = `wandb login --host=${app.session.serverUrl}`;

  const howTo = el('section', { class: 'panel', 'aria-labelledby': 'howto' },
    el('h2', { id: 'howto' }, total === 0 ? 'No projects yet: log your first run' : 'Log runs from your machine'),
    el('p', {}, 'Point the W&B client at this server, paste an API key from ', link('authorize', 'the authorize page'), ', then run your script:'),
    el('pre', { class: 'command' }, el('code', { 'data-testid': 'login-line' }, loginLine)),
    copyButton(loginLine, 'Copy command'),
    el('pre', { class: 'command' }, el('code', {}, 'import wandb\nrun = wandb.init(project="my-project")\nrun.log({"loss": 0.5})\nrun.finish()')));

  const sections = entities.map((entity) => el('section', { class: 'panel', 'aria-labelledby': `entity-${entity.entity}` },
    el('h2', { id: `entity-${entity.entity}` }, entity.entity),
    entity.projects.length === 0
      ? el('p', { class: 'muted' }, 'No projects.')
      : el('table', {},
        el('thead', {}, el('tr', {}, el('th', {}, 'Project'), el('th', { class: 'num' }, 'Runs'), el('th', {}, 'Last activity'), el('th', {}, 'Created'))),
        el('tbody', {}, entity.projects.map((p) => el('tr', {},
          el('td', {}, link(`${encodeURIComponent(p.entity)}/${encodeURIComponent(p.name)}`, p.name)),
          el('td', { class: 'num' }, String(p.runCount)),
          el('td', {}, timeEl(p.lastActivityAt)),
          el('td', {}, timeEl(p.createdAt))))))));

  replace(main, el('h1', {}, 'Projects'), total === 0 ? [howTo, sections] : [sections, howTo]);
}
