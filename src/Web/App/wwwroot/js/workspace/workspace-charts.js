// The workspace's charts: one panel per metric over the runs shown, with the x-axis, smoothing and grouping controls.
// Live changes feed the drawn charts in place (ChartPanel.append); only a new metric or a new set of runs rebuilds.
import { graphql } from '../api.js';
import { el, replace, formatValue, errorBox } from '../dom.js';
import { assignColors } from '../colors.js';
import { ChartPanel, chartControls, metricNames, X_AXES } from '../charts.js';

/**
 * The charts over `state.shown`; `elements` go into the page, `destroy()` when it is left. `onColorsChanged()` runs
 * whenever the runs' line colours were assigned anew (state.lineColors: run name → colour, the user's picks in
 * state.colors), `onSettingsChanged()` whenever the charts are drawn anew (settings, zoom, colours, runs).
 */
export function workspaceCharts(state, { entity, project, onColorsChanged = () => {}, onSettingsChanged = () => {} }) {
  const container = el('div');
  const controlsSlot = el('div');
  const panel = new ChartPanel(container, { emptyText: 'The runs shown have logged no numeric metrics yet.' });
  // Summary keys already looked up in historyKeys: a summary-only number does not refetch the keys on every change.
  const checkedKeys = new Set();
  let controls = null;
  panel.onZoom = (min, max) => {
    panel.settings.xMin = min;
    panel.settings.xMax = max;
    if (controls) controls.reset.disabled = min == null;
    redraw();
  };
  panel.onColorPick = (run, color) => {
    state.colors = { ...state.colors, [run]: color };
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

  /** The shown runs, oldest first, each with its colour: distinct among them, or the one the user picked. */
  function chartRuns() {
    const runs = [...(state.shown ?? [])].map((name) => state.known.get(name)).filter(Boolean)
      .sort((a, b) => (a.node.createdAt ?? '').localeCompare(b.node.createdAt ?? '') || a.name.localeCompare(b.name));
    const colors = assignColors(runs.map((r) => r.name), state.colors ?? {});
    state.lineColors = colors;
    return runs.map((run) => ({
      entity, project, run: run.name, label: run.node.displayName || run.name, group: groupValue(run), color: colors.get(run.name),
    }));
  }

  /** The metric names the runs logged: one GraphQL request with an aliased run field per run. */
  async function loadMetrics(names) {
    if (names.length === 0) return [];
    const variables = { entity, project };
    names.forEach((n, i) => (variables[`n${i}`] = n));
    const query = `query Keys($entity: String!, $project: String!, ${names.map((_, i) => `$n${i}: String!`).join(', ')}) {
      project(name: $project, entityName: $entity) { ${names.map((_, i) => `r${i}: run(name: $n${i}) { historyKeys }`).join(' ')} }
    }`;
    const data = await graphql(query, variables);
    for (const name of names) Object.keys(state.known.get(name)?.summary ?? {}).forEach((k) => checkedKeys.add(`${name}\u0000${k}`));
    return metricNames(names.map((_, i) => data.project?.[`r${i}`]?.historyKeys));
  }

  /** A changed run reports a number under a key not charted yet (nor looked up before): its metrics may be new. */
  function mayHaveNewMetrics(names) {
    const charted = new Set(state.metrics);
    return names.some((name) => Object.entries(state.known.get(name)?.summary ?? {})
      .some(([k, v]) => typeof v === 'number' && !k.startsWith('_') && !charted.has(k) && !checkedKeys.has(`${name}\u0000${k}`)));
  }

  function renderControls() {
    const metricAxes = state.metrics.map((m) => ({ key: m, label: m }));
    controls = chartControls(panel, { xChoices: [...X_AXES, ...metricAxes], groupChoices: groupChoices(), onChange: () => redraw() });
    replace(controlsSlot, controls.element);
  }

  async function redraw() {
    onSettingsChanged();
    const runs = chartRuns();
    onColorsChanged();
    await panel.render(runs, state.metrics.filter((m) => m !== panel.settings.xAxis));
  }

  return {
    elements: [controlsSlot, container],
    panel,
    /** The set of shown runs changed: new metric names, new controls, new charts. */
    async refresh() {
      try {
        state.metrics = await loadMetrics(chartRuns().map((r) => r.run));
      } catch (e) {
        replace(container, errorBox(e));
        return;
      }
      renderControls();
      await redraw();
    },
    /** Redraws with the current settings and colours (no new metric lookup). */
    redraw,
    /**
     * Live: the named runs changed. Shown ones get their new points appended in place; a metric logged for the first
     * time (or nothing drawn yet) rebuilds the charts.
     */
    async update(names) {
      const shown = names.filter((n) => state.shown?.has(n));
      if (shown.length === 0) return;
      if (mayHaveNewMetrics(shown)) {
        const found = await loadMetrics(shown).catch(() => []);
        const fresh = found.filter((m) => !state.metrics.includes(m));
        if (fresh.length > 0) {
          state.metrics = [...state.metrics, ...fresh].sort((a, b) => a.localeCompare(b));
          renderControls();
          await redraw();
          return;
        }
      }
      if (!(await panel.append(shown))) await redraw();
    },
    destroy: () => panel.destroy(),
  };
}
