// The workspace's panels over the runs shown, with the workspace-wide x-axis, smoothing and grouping controls (each
// panel may override them, panels.js). Live changes feed the drawn panels in place; only a new metric builds a panel.
import { graphql, parseLenient } from '../api.js';
import { el, replace, formatValue, errorBox } from '../dom.js';
import { assignColors } from '../colors.js';
import { chartControls, metricNames, batchedCharts, X_AXES } from '../charts.js';
import { workspacePanels } from './panels.js';
import { chartedNames } from './run-sets.js';

/** The workspace's chart settings, as the view saves them; the panels follow them unless they have their own. */
function defaultSettings() {
  return { xAxis: '_step', smoothing: 0, smoothingType: 'ema', logScale: false, groupBy: null, xMin: null, xMax: null };
}

/**
 * The panels over `state.shown`; `elements` go into the page, `destroy()` when it is left. `onColorsChanged()` runs
 * whenever the runs' line colours were assigned anew (state.lineColors: run name → colour, the user's picks in
 * state.colors), `onSettingsChanged()` whenever the settings, zoom, colours, runs or panel layout changed.
 */
export function workspaceCharts(state, { entity, project, onColorsChanged = () => {}, onSettingsChanged = () => {} }) {
  const container = el('div', { class: 'ws-sections' });
  const controlsSlot = el('div');
  const settings = defaultSettings();
  // Summary keys already looked up in historyKeys: a summary-only number does not refetch the keys on every change.
  const checkedKeys = new Set();
  let controls = null;
  state.metrics = state.metrics ?? [];
  state.systemMetrics = state.systemMetrics ?? [];

  const ctx = {
    state,
    settings,
    fetcher: batchedCharts(),
    onZoom(panel, min, max) {
      if (panel.xAxis != null && panel.xAxis !== settings.xAxis) return; // a panel on its own x-axis: no shared zoom
      settings.xMin = min;
      settings.xMax = max;
      if (controls) controls.reset.disabled = min == null;
      redraw();
    },
    onColorPick(run, color) {
      state.colors = { ...state.colors, [run]: color };
      redraw();
    },
  };
  const panels = workspacePanels(state, container, ctx, { onChanged: () => onSettingsChanged() });

  function groupChoices() {
    const keys = new Set();
    for (const run of state.known.values()) Object.keys(run.config).forEach((k) => keys.add(k));
    return [...(state.runSets?.length ? [{ key: 'runSet', label: 'Run set' }] : []), { key: 'group', label: 'Group' }, { key: 'jobType', label: 'Job type' },
      ...[...keys].sort().map((k) => ({ key: `config.${k}`, label: `config.${k}` }))];
  }

  function groupValue(run) {
    const by = settings.groupBy;
    if (!by) return null;
    if (by === 'runSet') return state.runSetOf?.get(run.name) ?? 'Picked in the table';
    if (by === 'group') return run.node.group;
    if (by === 'jobType') return run.node.jobType;
    const value = run.config[by.slice('config.'.length)];
    return value == null ? null : formatValue(value);
  }

  /**
   * The runs on the panels (those picked in the table and those of the drawn run sets), oldest first, each with its
   * colour: distinct among them, or the one the user picked.
   */
  function chartRuns() {
    const runs = chartedNames(state).map((name) => state.known.get(name)).filter(Boolean)
      .sort((a, b) => (a.node.createdAt ?? '').localeCompare(b.node.createdAt ?? '') || a.name.localeCompare(b.name));
    const colors = assignColors(runs.map((r) => r.name), state.colors ?? {});
    state.lineColors = colors;
    return runs.map((run) => ({
      entity, project, run: run.name, label: run.node.displayName || run.name, group: groupValue(run), color: colors.get(run.name),
    }));
  }

  /**
   * The metric names the runs logged (history) and their system metrics: one GraphQL request with an aliased run
   * field per run.
   */
  async function loadMetrics(names) {
    if (names.length === 0) return { metrics: [], system: [] };
    const variables = { entity, project };
    names.forEach((n, i) => (variables[`n${i}`] = n));
    const query = `query Keys($entity: String!, $project: String!, ${names.map((_, i) => `$n${i}: String!`).join(', ')}) {
      project(name: $project, entityName: $entity) { ${names.map((_, i) => `r${i}: run(name: $n${i}) { historyKeys systemMetrics }`).join(' ')} }
    }`;
    const data = await graphql(query, variables);
    for (const name of names) Object.keys(state.known.get(name)?.summary ?? {}).forEach((k) => checkedKeys.add(`${name}\u0000${k}`));
    const system = new Set();
    names.forEach((_, i) => Object.keys(parseLenient(data.project?.[`r${i}`]?.systemMetrics) ?? {})
      .filter((k) => !k.startsWith('_')).forEach((k) => system.add(k)));
    return { metrics: metricNames(names.map((_, i) => data.project?.[`r${i}`]?.historyKeys)), system: [...system].sort((a, b) => a.localeCompare(b)) };
  }

  /** A changed run reports a number under a key not charted yet (nor looked up before): its metrics may be new. */
  function mayHaveNewMetrics(names) {
    const charted = new Set(state.metrics);
    return names.some((name) => Object.entries(state.known.get(name)?.summary ?? {})
      .some(([k, v]) => typeof v === 'number' && !k.startsWith('_') && !charted.has(k) && !checkedKeys.has(`${name}\u0000${k}`)));
  }

  function renderControls() {
    const metricAxes = state.metrics.map((m) => ({ key: m, label: m }));
    controls = chartControls({ settings, onZoom: (min, max) => ctx.onZoom({ xAxis: null }, min, max) },
      { xChoices: [...X_AXES, ...metricAxes], groupChoices: groupChoices(), onChange: () => redraw() });
    replace(controlsSlot, controls.element);
  }

  async function redraw() {
    onSettingsChanged();
    const runs = chartRuns();
    onColorsChanged();
    await panels.redraw(runs);
  }

  return {
    elements: [controlsSlot, container],
    settings,
    /** The set of shown runs changed: new metric names, new controls, every panel drawn anew. */
    async refresh() {
      try {
        const found = await loadMetrics(chartRuns().map((r) => r.run));
        state.metrics = found.metrics;
        state.systemMetrics = found.system;
      } catch (e) {
        replace(container, errorBox(e));
        return;
      }
      renderControls();
      onSettingsChanged();
      const runs = chartRuns();
      onColorsChanged();
      await panels.render(runs);
    },
    /** Redraws with the current settings and colours (no new metric lookup). */
    redraw,
    /** A view was applied: its layout and settings are drawn. */
    relayout: () => panels.render(chartRuns()),
    /**
     * Live: the named runs changed. Shown ones get their new points appended in place; a metric logged for the first
     * time gets its panel built (the others stay as drawn).
     */
    async update(names) {
      const charted = new Set(chartedNames(state));
      const shown = names.filter((n) => charted.has(n));
      if (shown.length === 0) return;
      if (mayHaveNewMetrics(shown)) {
        const found = await loadMetrics(shown).catch(() => ({ metrics: [], system: [] }));
        const fresh = found.metrics.filter((m) => !state.metrics.includes(m));
        const freshSystem = found.system.filter((m) => !state.systemMetrics.includes(m));
        if (fresh.length > 0 || freshSystem.length > 0) {
          state.metrics = [...state.metrics, ...fresh].sort((a, b) => a.localeCompare(b));
          state.systemMetrics = [...state.systemMetrics, ...freshSystem].sort((a, b) => a.localeCompare(b));
          renderControls();
          await panels.grow();
        }
      }
      await panels.update(shown);
    },
    destroy: () => panels.destroy(),
  };
}
