// The kinds of workspace panels. The interface every kind follows (media panels join through registerPanelKind):
//
//   registerPanelKind(key, { label, fields, create(panel, ctx) })
//     fields: which settings the edit dialog offers ('metrics', 'regex', 'xAxis', 'smoothing', 'log', 'yRange',
//             'metric', 'xMetric'); create returns the panel's controller:
//   { element, draw(runs) → Promise, append(names) → Promise, destroy() }
//     draw: draws the panel for the shown runs ([{ run, label, color, group, entity, project }]);
//     append: the named runs changed live — feed what is drawn in place (no rebuild);
//     destroy: lets go of timers, observers, charts.
//   ctx: { state, settings (the workspace's chart settings), fetcher (batched /api/v1/charts), metrics(panel),
//          onZoom(panel, min, max), onColorPick(run, colour) }
//
// The workspace (panels.js) adds, edits, deletes, resizes and moves every kind the same way.
import uPlot from '../../vendor/uPlot.esm.js';
import { el, replace } from '../dom.js';
import { ChartPanel, X_AXES } from '../charts.js';
import { tickLabels, formatExact, formatNumber } from '../chart-format.js';
import { panelTitle } from './panel-layout.js';

/** What each drawn non-line panel shows, by title: read by the browser tests. */
export const panelRegistry = (window.wandbPanels = window.wandbPanels ?? {});

const kinds = new Map();

/** Adds a kind of panel the workspace can add, edit, delete, resize and move. */
export function registerPanelKind(key, kind) {
  kinds.set(key, kind);
}

export function panelKind(key) {
  return kinds.get(key);
}

export function panelKinds() {
  return [...kinds.entries()].map(([key, kind]) => ({ key, ...kind }));
}

/** A run's number under `key`: `config.x` from its config, anything else from its summary; null when not a number. */
export function runValue(state, name, key) {
  const run = state.known.get(name);
  if (!run || !key) return null;
  const value = key.startsWith('config.') ? run.config[key.slice('config.'.length)] : run.summary[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The chart settings a line panel draws with: its own where it has them, the workspace's otherwise. */
export function lineSettings(panel, settings) {
  const ownAxis = panel.xAxis != null;
  const xAxis = ownAxis ? panel.xAxis : panel.stream === 'events' && settings.xAxis === '_step' ? '_runtime' : settings.xAxis;
  const sameAxis = xAxis === settings.xAxis;
  return {
    xAxis,
    smoothingType: panel.smoothingType ?? settings.smoothingType,
    smoothing: panel.smoothingType != null ? panel.smoothing ?? 0 : settings.smoothing,
    logScale: panel.logY ?? settings.logScale,
    logX: panel.logX,
    yMin: panel.yMin,
    yMax: panel.yMax,
    groupBy: settings.groupBy,
    // The workspace's zoom holds for the panels on its x-axis.
    xMin: sameAxis ? settings.xMin : null,
    xMax: sameAxis ? settings.xMax : null,
  };
}

registerPanelKind('line', {
  label: 'Line plot',
  fields: ['metrics', 'regex', 'xAxis', 'smoothing', 'log', 'yRange'],
  create(panel, ctx) {
    const element = el('div', { class: 'ws-panel-body' });
    const chart = new ChartPanel(element, {
      stream: panel.stream, height: panel.height, fetcher: ctx.fetcher, title: '',
      emptyText: panel.regex ? `No metric matches /${panel.regex}/ yet.` : 'Nothing logged for this panel yet.',
    });
    chart.onColorPick = ctx.onColorPick;
    chart.onZoom = (min, max) => ctx.onZoom(panel, min, max);
    return {
      element,
      async draw(runs) {
        const metrics = ctx.metrics(panel);
        chart.title = panelTitle(panel, metrics);
        Object.assign(chart.settings, lineSettings(panel, ctx.settings));
        await chart.render(runs, metrics);
      },
      async append(names) {
        if (!(await chart.append(names))) await this.draw(chart.runs);
      },
      destroy: () => chart.destroy(),
    };
  },
});

/** A summary (or config) value per run as horizontal bars, W&B's bar chart of the last value. */
registerPanelKind('bar', {
  label: 'Bar chart',
  fields: ['metric'],
  create(panel, ctx) {
    const element = el('div', { class: 'ws-panel-body bar-panel', style: `max-height:${panel.height + 40}px` });
    let runs = [];
    function draw() {
      const metric = panel.metrics[0];
      const rows = runs.map((r) => ({ run: r, value: runValue(ctx.state, r.run, metric) })).filter((r) => r.value != null);
      panelRegistry[panelTitle(panel, [])] = { kind: 'bar', values: rows.map((r) => ({ run: r.run.run, value: r.value })) };
      if (rows.length === 0) {
        replace(element, el('p', { class: 'empty' }, metric ? `No run shown has a number for ${metric}.` : 'Pick a metric.'));
        return;
      }
      const max = Math.max(...rows.map((r) => Math.abs(r.value))) || 1;
      replace(element, el('ul', { class: 'plain bars', 'aria-label': `${metric} per run` }, rows.map(({ run, value }) => el('li', { class: 'bar-row' },
        el('span', { class: 'bar-name', title: run.label }, run.label),
        el('span', { class: 'bar-track' }, el('span', { class: 'bar', style: `width:${(100 * Math.abs(value)) / max}%;background:${run.color}` })),
        el('span', { class: 'bar-value', title: formatExact(value) }, formatNumber(value, 6))))));
    }
    return {
      element,
      async draw(shown) {
        runs = shown;
        draw();
      },
      async append() {
        draw();
      },
      destroy() {},
    };
  },
});

/** One number: a summary value, the mean over the runs shown when there are several (W&B's scalar chart). */
registerPanelKind('scalar', {
  label: 'Scalar chart',
  fields: ['metric'],
  create(panel, ctx) {
    const element = el('div', { class: 'ws-panel-body scalar-panel', style: `min-height:${panel.height}px` });
    let runs = [];
    function draw() {
      const metric = panel.metrics[0];
      const values = runs.map((r) => runValue(ctx.state, r.run, metric)).filter((v) => v != null);
      const mean = values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
      panelRegistry[panelTitle(panel, [])] = { kind: 'scalar', value: mean, count: values.length };
      if (mean == null) {
        replace(element, el('p', { class: 'empty' }, metric ? `No run shown has a number for ${metric}.` : 'Pick a metric.'));
        return;
      }
      replace(element,
        el('div', { class: 'scalar-value', 'data-testid': 'scalar-value', title: formatExact(mean) }, formatNumber(mean, 6)),
        el('div', { class: 'muted small' }, values.length === 1 ? metric
          : `${metric}: mean of ${values.length} runs (min ${formatExact(Math.min(...values))}, max ${formatExact(Math.max(...values))})`));
    }
    return {
      element,
      async draw(shown) {
        runs = shown;
        draw();
      },
      async append() {
        draw();
      },
      destroy() {},
    };
  },
});

/** One point per run: a summary or config value against another (W&B's scatter plot). */
registerPanelKind('scatter', {
  label: 'Scatter plot',
  fields: ['xMetric', 'metric', 'log'],
  create(panel, ctx) {
    const element = el('div', { class: 'ws-panel-body' });
    const body = el('div', { class: 'chart-body', style: `min-height:${panel.height}px` });
    const caption = el('div', { class: 'muted small' });
    let plot = null;
    let runs = [];
    const resize = new ResizeObserver(() => {
      if (plot && body.clientWidth > 0 && Math.abs(body.clientWidth - plot.width) > 2) plot.setSize({ width: body.clientWidth, height: plot.height });
    });
    resize.observe(element);
    function draw() {
      const [yKey] = panel.metrics;
      const xKey = panel.xMetric;
      const points = runs.map((r) => ({ run: r, x: runValue(ctx.state, r.run, xKey), y: runValue(ctx.state, r.run, yKey) }))
        .filter((p) => p.x != null && p.y != null && (!panel.logX || p.x > 0) && (!(panel.logY ?? false) || p.y > 0))
        .sort((a, b) => a.x - b.x);
      panelRegistry[panelTitle(panel, [])] = { kind: 'scatter', points: points.map((p) => ({ run: p.run.run, x: p.x, y: p.y })) };
      plot?.destroy();
      plot = null;
      if (points.length === 0) {
        replace(element, el('p', { class: 'empty' }, xKey && yKey ? `No run shown has numbers for both ${xKey} and ${yKey}.` : 'Pick the x and y values.'));
        return;
      }
      // One series per run, a single point each at its own x.
      const data = [points.map((p) => p.x), ...points.map((_, i) => points.map((p, j) => (i === j ? p.y : null)))];
      const series = [{ label: xKey }, ...points.map((p) => ({
        label: p.run.label, stroke: p.run.color, fill: p.run.color, width: 0, paths: () => null, points: { show: true, size: 8, fill: p.run.color },
      }))];
      replace(element, body, caption);
      caption.textContent = `${yKey} against ${xKey}, one point per run (${points.length})`;
      plot = new uPlot({
        width: Math.max(200, body.clientWidth || 360), height: panel.height, series, legend: { show: false },
        scales: { x: { time: false, distr: panel.logX ? 3 : 1, log: 10 }, y: { distr: panel.logY ? 3 : 1, log: 10 } },
        axes: [{ values: (u, splits) => tickLabels(splits) }, { values: (u, splits) => tickLabels(splits), size: 60 }],
        cursor: { drag: { x: false, y: false } },
      }, data, body);
    }
    return {
      element,
      async draw(shown) {
        runs = shown;
        draw();
      },
      async append(names) {
        // Summaries of the shown runs moved: the points move (a run's new summary is a new point, not a new run).
        if (names.some((n) => runs.some((r) => r.run === n))) draw();
      },
      destroy() {
        resize.disconnect();
        plot?.destroy();
      },
    };
  },
});

/** The x-axis choices of a line panel: the workspace's, then any metric. */
export function xAxisChoices(metrics) {
  return [...X_AXES, ...metrics.map((m) => ({ key: m, label: m }))];
}
