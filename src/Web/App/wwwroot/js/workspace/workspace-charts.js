// The workspace's charts: one panel per metric over the runs shown, with the x-axis, smoothing and grouping controls.
import { graphql } from '../api.js';
import { el, replace, formatValue, errorBox } from '../dom.js';
import { ChartPanel, chartControls, metricNames, X_AXES } from '../charts.js';

/** The charts over `state.shown`; `elements` go into the page, `destroy()` when it is left. */
export function workspaceCharts(state, { entity, project }) {
  const container = el('div');
  const controlsSlot = el('div');
  const panel = new ChartPanel(container, { emptyText: 'The runs shown have logged no numeric metrics yet.' });
  let controls = null;
  panel.onZoom = (min, max) => {
    panel.settings.xMin = min;
    panel.settings.xMax = max;
    if (controls) controls.reset.disabled = min == null;
    redraw();
  };

  function groupChoices() {
    const keys = new Set();
    for (const run of state.known.values()) Object.keys(run.config).forEach((k) => keys.add(k));
    return [{ key: 'group', label: 'Group' }, { key: 'jobType', label: 'Job type' }, ...[...keys].sort().map((k) => ({ key: `config.${k}`, label: `config.${k}` }))];
  }

  function groupValue(run) {
    const by = panel.settings.groupBy;
    if (!by) return null;
    if (by === 'group') return run.node.group;
    if (by === 'jobType') return run.node.jobType;
    const value = run.config[by.slice('config.'.length)];
    return value == null ? null : formatValue(value);
  }

  function chartRuns() {
    return [...state.shown].map((name) => state.known.get(name)).filter(Boolean).map((run) => ({
      entity, project, run: run.name, label: run.node.displayName || run.name, group: groupValue(run),
    }));
  }

  /** The metric names the shown runs logged: one GraphQL request with an aliased run field per run. */
  async function loadMetrics() {
    const names = chartRuns().map((r) => r.run);
    if (names.length === 0) return [];
    const variables = { entity, project };
    names.forEach((n, i) => (variables[`n${i}`] = n));
    const query = `query Keys($entity: String!, $project: String!, ${names.map((_, i) => `$n${i}: String!`).join(', ')}) {
      project(name: $project, entityName: $entity) { ${names.map((_, i) => `r${i}: run(name: $n${i}) { historyKeys }`).join(' ')} }
    }`;
    const data = await graphql(query, variables);
    return metricNames(names.map((_, i) => data.project?.[`r${i}`]?.historyKeys));
  }

  function renderControls() {
    const metricAxes = state.metrics.map((m) => ({ key: m, label: m }));
    controls = chartControls(panel, { xChoices: [...X_AXES, ...metricAxes], groupChoices: groupChoices(), onChange: () => redraw() });
    replace(controlsSlot, controls.element);
  }

  async function redraw() {
    await panel.render(chartRuns(), state.metrics.filter((m) => m !== panel.settings.xAxis));
  }

  return {
    elements: [controlsSlot, container],
    /** The set of shown runs changed: new metric names, new controls, new charts. */
    async refresh() {
      try {
        state.metrics = await loadMetrics();
      } catch (e) {
        replace(container, errorBox(e));
        return;
      }
      renderControls();
      await redraw();
    },
    /** The runs' data changed (live): the same charts with new points, and any metric logged for the first time. */
    async update() {
      state.metrics = await loadMetrics().catch(() => state.metrics);
      await redraw();
    },
    destroy: () => panel.destroy(),
  };
}
