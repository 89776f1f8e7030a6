import { graphql } from '../api.js';
import { el, replace, link, timeEl, formatValue, stateBadge, copyButton, errorBox } from '../dom.js';
import { sweepRows, parallelCoordinates, parameterImportance, metricOverTime } from '../workspace/sweep-panels.js';

const QUERY = `query SweepPage($entity: String!, $project: String!, $sweep: String!) {
  project(entityName: $entity, name: $project) {
    sweep(sweepName: $sweep) {
      id name displayName method state config bestLoss runCount runCountExpected createdAt heartbeatAt
      agents { edges { node { name host state totalRuns createdAt heartbeatAt } } }
      runs(first: 1000, order: "+created_at") { edges { node { name displayName state config summaryMetrics createdAt } } }
    }
  }
}`;

const SET_STATE = `mutation SetSweepState($id: ID, $state: String) { upsertSweep(input: {id: $id, state: $state}) { sweep { state } } }`;

/** The metric and goal from the config text (the YAML the clients send keeps them as `name:` and `goal:` lines). */
function metricOf(configText) {
  try {
    const json = JSON.parse(configText);
    return { name: json.metric?.name ?? null, maximize: json.metric?.goal === 'maximize' };
  } catch {
    const block = /^metric:\s*\n((?:[ \t]+.*\n?)*)/m.exec(configText)?.[1] ?? /^metric:\s*\{([^}]*)\}/m.exec(configText)?.[1] ?? '';
    const name = /name:\s*['"]?([^'",}\n]+)/.exec(block)?.[1]?.trim() ?? null;
    return { name, maximize: /goal:\s*['"]?maximize/.test(block) };
  }
}

/** Which controls a sweep in this state offers (W&B's CLI verbs). */
function controlsFor(state) {
  switch (state) {
    case 'RUNNING': return [['Pause', 'PAUSED'], ['Stop', 'FINISHED'], ['Cancel', 'CANCELED']];
    case 'PAUSED': return [['Resume', 'RUNNING'], ['Stop', 'FINISHED'], ['Cancel', 'CANCELED']];
    case 'FINISHED': case 'STOPPED': return [['Resume', 'RUNNING']];
    default: return [];
  }
}

/** One sweep: state and controls, config, agents, runs with their parameters, and the panels that compare them. */
export async function render(main, params, app) {
  const { entity, project, sweep: sweepName } = params;
  document.title = `${sweepName} · Sweeps · Orleans.Wandb`;
  const projectPath = `${encodeURIComponent(entity)}/${encodeURIComponent(project)}`;
  const data = await graphql(QUERY, { entity, project, sweep: sweepName });
  const sweep = data.project?.sweep;
  if (!sweep) {
    replace(main, el('h1', {}, 'Sweep not found'), el('p', {}, `There is no sweep ${sweepName} in ${entity}/${project}, or you may not see it. `,
      link(`${projectPath}/sweeps`, 'Back to the sweeps.')));
    return;
  }
  const metric = metricOf(sweep.config);
  const data2 = sweepRows(sweep.runs.edges.map((e) => e.node), metric.name);
  const message = el('div', { role: 'status' });
  const controls = controlsFor(sweep.state).map(([label, state]) => {
    const button = el('button', { type: 'button', class: state === 'CANCELED' ? 'danger' : null }, label);
    button.addEventListener('click', async () => {
      if (state === 'CANCELED' && !confirm('Cancel the sweep? Its running runs are stopped and its agents exit.')) return;
      button.disabled = true;
      try {
        await graphql(SET_STATE, { id: sweep.id, state });
        await render(main, params, app);
      } catch (error) {
        replace(message, errorBox(error));
        button.disabled = false;
      }
    });
    return button;
  });

  const runLinks = new Map(data2.rows.map((row) => [row.name, row]));
  const tableBody = el('tbody');
  const renderRuns = (names) => {
    const keep = names ? new Set(names) : null;
    replace(tableBody, data2.rows.filter((r) => !keep || keep.has(r.name)).map((row) => el('tr', {},
      el('td', {}, link(`${projectPath}/runs/${encodeURIComponent(row.name)}`, row.label)),
      el('td', {}, stateBadge(row.state)),
      data2.params.map((p) => el('td', { class: 'num' }, formatValue(row.values[p]))),
      metric.name ? el('td', { class: 'num' }, formatValue(row.metric)) : null,
      el('td', {}, timeEl(row.createdAt)))));
  };
  renderRuns(null);
  const filterNote = el('span', { class: 'muted' });
  const pc = parallelCoordinates(data2, metric.name, metric.maximize, (names, brushed) => {
    renderRuns(brushed ? names : null);
    filterNote.textContent = brushed ? `${names.length} of ${data2.rows.length} runs in the brushed ranges` : '';
  });
  const agents = sweep.agents.edges.map((e) => e.node);

  replace(main,
    el('div', { class: 'breadcrumbs' }, link('./', 'Projects'), ' / ', link(encodeURIComponent(entity), entity), ' / ',
      link(projectPath, project), ' / ', link(`${projectPath}/sweeps`, 'Sweeps')),
    el('div', { class: 'toolbar' },
      el('h1', { class: 'grow' }, sweep.displayName || sweep.name, ' ', el('span', { class: `state sweep-${sweep.state.toLowerCase()}` }, sweep.state)),
      controls),
    message,
    el('section', { class: 'panel sweep-summary', 'aria-label': 'Summary' },
      el('dl', { class: 'facts' },
        el('dt', {}, 'Sweep id'), el('dd', {}, sweep.name),
        el('dt', {}, 'Method'), el('dd', {}, sweep.method),
        el('dt', {}, 'Runs'), el('dd', {}, sweep.runCountExpected ? `${sweep.runCount} of ${sweep.runCountExpected}` : String(sweep.runCount)),
        el('dt', {}, metric.name ? `Best ${metric.name} (${metric.maximize ? 'max' : 'min'})` : 'Best metric'), el('dd', {}, formatValue(sweep.bestLoss) || '—'),
        el('dt', {}, 'Created'), el('dd', {}, timeEl(sweep.createdAt)),
        el('dt', {}, 'Last heartbeat'), el('dd', {}, sweep.heartbeatAt ? timeEl(sweep.heartbeatAt) : '—')),
      el('p', {}, 'Start an agent: ', el('code', {}, `wandb agent ${entity}/${project}/${sweep.name}`), ' ',
        copyButton(`wandb agent ${entity}/${project}/${sweep.name}`))),
    el('section', { class: 'panel', 'aria-labelledby': 'pc-heading' },
      el('div', { class: 'toolbar' }, el('h2', { id: 'pc-heading', class: 'grow' }, 'Parallel coordinates'), filterNote,
        el('span', { class: 'muted' }, 'Drag along an axis to keep a range; double-click it to clear.')),
      pc.element),
    el('div', { class: 'panel-grid' },
      el('section', { class: 'panel', 'aria-labelledby': 'importance-heading' },
        el('h2', { id: 'importance-heading' }, 'Parameter importance'), parameterImportance(data2, metric.name).element),
      el('section', { class: 'panel', 'aria-labelledby': 'time-heading' },
        el('h2', { id: 'time-heading' }, metric.name ? `${metric.name} over time` : 'Metric over time'), metricOverTime(data2, metric.name, metric.maximize).element)),
    el('section', { class: 'panel', 'aria-labelledby': 'sweep-runs-heading' },
      el('h2', { id: 'sweep-runs-heading' }, `Runs (${data2.rows.length})`),
      el('div', { class: 'table-scroll' }, el('table', { class: 'sweep-runs' },
        el('thead', {}, el('tr', {}, el('th', {}, 'Run'), el('th', {}, 'State'), data2.params.map((p) => el('th', {}, p)),
          metric.name ? el('th', {}, metric.name) : null, el('th', {}, 'Created'))),
        tableBody))),
    el('div', { class: 'panel-grid' },
      el('section', { class: 'panel', 'aria-labelledby': 'agents-heading' },
        el('h2', { id: 'agents-heading' }, `Agents (${agents.length})`),
        agents.length === 0 ? el('p', { class: 'muted' }, 'No agent has joined yet.') : el('table', {},
          el('thead', {}, el('tr', {}, ['Agent', 'Host', 'State', 'Runs', 'Last heartbeat'].map((h) => el('th', {}, h)))),
          el('tbody', {}, agents.map((a) => el('tr', {}, el('td', {}, a.name), el('td', {}, a.host), el('td', {}, a.state),
            el('td', { class: 'num' }, String(a.totalRuns)), el('td', {}, timeEl(a.heartbeatAt))))))),
      el('section', { class: 'panel', 'aria-labelledby': 'config-heading' },
        el('h2', { id: 'config-heading' }, 'Configuration'), el('pre', { class: 'config' }, sweep.config))));
  // Tests and keyboard users brush through this handle.
  main.sweepPanels = { parallelCoordinates: pc, runs: runLinks };
}
