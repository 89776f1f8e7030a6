// A project's overview (W&B's /{entity}/{project}/overview): what it is, who owns it, how many runs in which state,
// its sweeps, reports and artifacts, the latest runs and the runs' alerts (wandb.alert).
import { graphql } from '../api.js';
import { el, replace, link, timeEl, stateBadge } from '../dom.js';
import { runUserLabel } from '../runs.js';
import { ALERT_FIELDS, alertList } from '../alerts.js';

const STATES = ['running', 'finished', 'failed', 'crashed', 'killed'];

const QUERY = `query ProjectOverview($entity: String!, $project: String!, ${STATES.map((s) => `$f_${s}: JSONString`).join(', ')}) {
  project(name: $project, entityName: $entity) {
    name entityName description access createdAt user { username }
    runCount
    ${STATES.map((s) => `${s}: runCount(filters: $f_${s})`).join(' ')}
    totalSweeps
    reports: allViews(viewType: "runs", first: 100) { edges { node { id } } }
    artifactCollections(first: 100) { edges { node { id } } }
    runs(first: 5, order: "-created_at") { edges { node { name displayName state createdAt user { username } forUser { username } } } }
    alerts(first: 20) { ${ALERT_FIELDS} }
  }
}`;

export async function render(main, { entity, project }) {
  document.title = `${project} overview · Orleans.Wandb`;
  const projectPath = `${encodeURIComponent(entity)}/${encodeURIComponent(project)}`;
  const variables = { entity, project };
  for (const state of STATES) variables[`f_${state}`] = JSON.stringify({ state });
  const data = await graphql(QUERY, variables);
  const p = data.project;
  if (!p) {
    replace(main, el('h1', {}, 'Project not found'),
      el('p', {}, `There is no project ${entity}/${project}, or you may not see it. `, link('./', 'Back to projects.')));
    return;
  }
  const count = (n, what) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const reports = p.reports?.edges?.length ?? 0;
  const artifacts = p.artifactCollections?.edges?.length ?? 0;
  replace(main,
    el('div', { class: 'breadcrumbs' }, link('./', 'Projects'), ' / ', link(encodeURIComponent(entity), entity)),
    el('div', { class: 'toolbar' }, el('h1', { class: 'grow' }, p.name, ' ', el('span', { class: 'muted small' }, 'overview')),
      link(`${projectPath}/workspace`, 'Workspace')),
    el('div', { class: 'two-col' },
      el('section', { class: 'panel', 'aria-labelledby': 'about-heading' },
        el('h2', { id: 'about-heading' }, 'About'),
        el('p', { 'data-testid': 'project-description' }, p.description || el('span', { class: 'muted' }, 'No description yet.')),
        el('dl', { class: 'facts', 'data-testid': 'project-facts' },
          el('dt', {}, 'Entity'), el('dd', {}, link(encodeURIComponent(p.entityName), p.entityName)),
          el('dt', {}, 'Visibility'), el('dd', {}, p.access ?? ''),
          el('dt', {}, 'Created'), el('dd', {}, timeEl(p.createdAt)),
          el('dt', {}, 'Created by'), el('dd', {}, p.user?.username ?? ''))),
      el('section', { class: 'panel', 'aria-labelledby': 'contents-heading' },
        el('h2', { id: 'contents-heading' }, 'Contents'),
        el('dl', { class: 'facts', 'data-testid': 'project-counts' },
          el('dt', {}, 'Runs'), el('dd', {}, link(`${projectPath}/table`, count(p.runCount, 'run')),
            el('span', { class: 'muted' }, ' · ', STATES.filter((s) => p[s] > 0).map((s) => `${p[s]} ${s}`).join(', '))),
          el('dt', {}, 'Sweeps'), el('dd', {}, link(`${projectPath}/sweeps`, count(p.totalSweeps, 'sweep'))),
          el('dt', {}, 'Reports'), el('dd', {}, link(`${projectPath}/reports`, reports >= 100 ? '100+ reports' : count(reports, 'report'))),
          el('dt', {}, 'Artifacts'), el('dd', {}, link(`${projectPath}/artifacts`, artifacts >= 100 ? '100+ collections' : count(artifacts, 'collection')))))),
    el('section', { class: 'panel', 'aria-labelledby': 'latest-heading' },
      el('h2', { id: 'latest-heading' }, 'Latest runs'),
      p.runs.edges.length === 0 ? el('p', { class: 'muted' }, 'No runs yet.') : el('table', { 'aria-labelledby': 'latest-heading' },
        el('thead', {}, el('tr', {}, el('th', {}, 'Name'), el('th', {}, 'State'), el('th', {}, 'User'), el('th', {}, 'Created'))),
        el('tbody', {}, p.runs.edges.map(({ node }) => el('tr', {},
          el('td', { class: 'runname' }, link(`${projectPath}/runs/${encodeURIComponent(node.name)}`, node.displayName || node.name)),
          el('td', {}, stateBadge(node.state)), el('td', {}, runUserLabel(node)), el('td', {}, timeEl(node.createdAt)))))),
    el('section', { class: 'panel', 'aria-labelledby': 'alerts-heading' },
      el('h2', { id: 'alerts-heading' }, 'Alerts'),
      alertList(p.alerts, { projectPath, testId: 'project-alerts' }))));
}
