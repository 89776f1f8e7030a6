import { graphql } from '../api.js';
import { el, replace, link, timeEl, formatValue } from '../dom.js';

const QUERY = `query ProjectSweeps($entity: String!, $project: String!) {
  project(entityName: $entity, name: $project) {
    totalSweeps
    sweeps(first: 500) { edges { node { name displayName method state runCount runCountExpected bestLoss createdAt } } }
  }
}`;

/** A project's sweeps: state, method, runs so far against expected, the best metric. */
export async function render(main, { entity, project }) {
  document.title = `Sweeps · ${project} · Orleans.Wandb`;
  const projectPath = `${encodeURIComponent(entity)}/${encodeURIComponent(project)}`;
  const data = await graphql(QUERY, { entity, project });
  if (!data.project) {
    replace(main, el('h1', {}, 'Project not found'), el('p', {}, `There is no project ${entity}/${project}, or you may not see it.`));
    return;
  }
  const sweeps = data.project.sweeps.edges.map((e) => e.node);
  replace(main,
    el('div', { class: 'breadcrumbs' }, link('./', 'Projects'), ' / ', link(encodeURIComponent(entity), entity), ' / ', link(projectPath, project)),
    el('div', { class: 'toolbar' }, el('h1', { class: 'grow' }, 'Sweeps ', el('span', { class: 'muted' }, `(${data.project.totalSweeps})`))),
    sweeps.length === 0
      ? el('section', { class: 'panel' }, el('p', {}, 'No sweeps yet. Create one with ', el('code', {}, 'wandb sweep sweep.yaml'),
        ' and start agents with ', el('code', {}, `wandb agent ${entity}/${project}/SWEEP_ID`), '.'))
      : el('section', { class: 'panel', 'aria-label': 'Sweeps' },
        el('div', { class: 'table-scroll' },
          el('table', { class: 'sweeps-table' },
            el('thead', {}, el('tr', {}, ['Sweep', 'State', 'Method', 'Runs', 'Best metric', 'Created'].map((h) => el('th', {}, h)))),
            el('tbody', {}, sweeps.map((s) => el('tr', {},
              el('td', {}, link(`${projectPath}/sweeps/${encodeURIComponent(s.name)}`, s.displayName || s.name), ' ', el('span', { class: 'muted' }, s.name)),
              el('td', {}, el('span', { class: `state sweep-${s.state.toLowerCase()}` }, s.state)),
              el('td', {}, s.method),
              el('td', {}, s.runCountExpected ? `${s.runCount} / ${s.runCountExpected}` : String(s.runCount)),
              el('td', {}, formatValue(s.bestLoss)),
              el('td', {}, timeEl(s.createdAt)))))))));
}
