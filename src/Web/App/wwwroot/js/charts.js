// Line charts over /api/v1/charts, drawn with uPlot (built for large time series). One chart per metric, grouped by
// the prefix before '/', with x-axis choice, smoothing, log scale, the min/max envelope of bucketed data, drag-to-zoom
// that asks the server for a finer window, and grouping of runs into a mean line with a min–max band.
import uPlot from '../vendor/uPlot.esm.js';
import { charts as fetchCharts } from './api.js';
import { colorOf, translucent } from './colors.js';
import { el, replace, duration, errorBox } from './dom.js';

const METRICS_PER_REQUEST = 50;
const RUNS_PER_REQUEST = 200;

/** What each drawn chart shows, by title: read by the browser tests, handy when debugging. */
export const registry = (window.wandbCharts = window.wandbCharts ?? {});

export const X_AXES = [
  { key: '_step', label: 'Step' },
  { key: '_timestamp', label: 'Wall time' },
  { key: '_runtime', label: 'Relative time' },
];

/** Numeric, user-logged metric names from historyKeys objects ({keys: {name: {typeCounts: [...]}}}). */
export function metricNames(historyKeysList) {
  const names = new Set();
  for (const keys of historyKeysList) {
    for (const [name, info] of Object.entries(keys?.keys ?? {})) {
      if (name.startsWith('_')) continue;
      const types = (info?.typeCounts ?? []).map((t) => t.type);
      if (types.length === 0 || types.includes('number')) names.add(name);
    }
  }
  return [...names].sort((a, b) => a.localeCompare(b));
}

/** Metrics grouped by the part before the first '/': [['', [...]], ['train', [...]], …], ungrouped first. */
export function groupByPrefix(metrics) {
  const groups = new Map();
  for (const metric of metrics) {
    const slash = metric.indexOf('/');
    const prefix = slash > 0 ? metric.slice(0, slash) : '';
    if (!groups.has(prefix)) groups.set(prefix, []);
    groups.get(prefix).push(metric);
  }
  return [...groups.entries()].sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b)));
}

/** Exponential moving average with TensorBoard's debiasing; weight 0 leaves the values alone. */
export function smooth(values, weight) {
  if (!weight) return values;
  let last = 0;
  let count = 0;
  return values.map((y) => {
    if (y == null || !Number.isFinite(y)) return y;
    last = last * weight + (1 - weight) * y;
    count++;
    return last / (1 - weight ** count);
  });
}

/**
 * A block of charts for a set of runs. settings: { xAxis, smoothing, logScale, groupBy, xMin, xMax }; runs:
 * [{ entity, project, run, label, group }]. Call render() whenever runs, metrics or settings change.
 */
export class ChartPanel {
  constructor(container, { stream = 'history', emptyText = 'Nothing logged yet.' } = {}) {
    this.container = container;
    this.stream = stream;
    this.emptyText = emptyText;
    this.plots = [];
    this.settings = { xAxis: stream === 'events' ? '_runtime' : '_step', smoothing: 0, logScale: false, groupBy: null, xMin: null, xMax: null };
    this.onZoom = () => {};
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(container);
    this.generation = 0;
  }

  destroy() {
    this.resizeObserver.disconnect();
    this.clear();
  }

  clear() {
    for (const plot of this.plots) plot.uplot.destroy();
    this.plots = [];
  }

  resize() {
    for (const plot of this.plots) {
      const width = plot.body.clientWidth;
      if (width > 0 && Math.abs(width - plot.uplot.width) > 2) plot.uplot.setSize({ width, height: plot.uplot.height });
    }
  }

  /** Fetches every metric of every run for the current window and redraws. */
  async render(runs, metrics) {
    const generation = ++this.generation;
    if (runs.length === 0 || metrics.length === 0) {
      this.clear();
      replace(this.container, el('p', { class: 'empty' }, runs.length === 0 ? 'No runs are shown on the charts.' : this.emptyText));
      return;
    }

    let series;
    try {
      series = await this.fetch(runs, metrics);
    } catch (error) {
      if (generation === this.generation) replace(this.container, errorBox(error));
      return;
    }
    if (generation !== this.generation) return; // a newer render started meanwhile

    this.clear();
    const byKey = new Map();
    for (const s of series) byKey.set(`${s.entity}/${s.project}/${s.run}\u0000${s.metric}`, s);
    const sections = groupByPrefix(metrics).map(([prefix, names]) => {
      const grid = el('div', { class: 'chart-grid' });
      const section = el('details', { class: 'chart-section', open: true },
        el('summary', {}, prefix === '' ? 'Charts' : prefix, el('span', { class: 'muted small' }, ` (${names.length})`)), grid);
      for (const metric of names) {
        const perRun = runs.map((run) => ({ run, series: byKey.get(`${run.entity}/${run.project}/${run.run}\u0000${metric}`) }));
        grid.append(this.chart(metric, perRun));
      }
      return section;
    });
    replace(this.container, sections);
    // uPlot needs a laid-out container to size itself.
    requestAnimationFrame(() => this.resize());
  }

  async fetch(runs, metrics) {
    const width = Math.max(200, Math.min(1200, Math.floor(this.container.clientWidth / 2) || 600));
    const requests = [];
    for (let r = 0; r < runs.length; r += RUNS_PER_REQUEST) {
      for (let m = 0; m < metrics.length; m += METRICS_PER_REQUEST) {
        requests.push(fetchCharts({
          runs: runs.slice(r, r + RUNS_PER_REQUEST).map(({ entity, project, run }) => ({ entity, project, run })),
          metrics: metrics.slice(m, m + METRICS_PER_REQUEST),
          xAxis: this.settings.xAxis,
          xMin: this.settings.xMin,
          xMax: this.settings.xMax,
          buckets: width,
          stream: this.stream,
        }));
      }
    }
    return (await Promise.all(requests)).flatMap((answer) => answer.series);
  }

  /** Lines of one metric: one per run, or one per group (mean) with its min–max band. */
  lines(perRun) {
    const { smoothing, groupBy, logScale } = this.settings;
    const positive = (v) => (logScale && !(v > 0) ? null : v);
    const runLines = perRun
      .filter(({ series }) => series && series.points.length > 0)
      .map(({ run, series }) => {
        const xs = series.points.map((p) => p[0]);
        const ys = smooth(series.points.map((p) => p[3]), smoothing).map(positive);
        return {
          label: run.label,
          color: colorOf(run.run),
          group: run.group,
          xs,
          ys,
          lo: series.bucketed ? series.points.map((p) => positive(p[1])) : null,
          hi: series.bucketed ? series.points.map((p) => positive(p[2])) : null,
        };
      });
    if (!groupBy) return runLines;

    const groups = new Map();
    for (const line of runLines) {
      const key = line.group ?? '(none)';
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(line);
    }
    return [...groups.entries()].map(([name, members]) => {
      const table = uPlot.join(members.map((m) => [m.xs, m.ys]));
      const xs = table[0];
      const ys = [];
      const lo = [];
      const hi = [];
      for (let i = 0; i < xs.length; i++) {
        let sum = 0;
        let n = 0;
        let min = Infinity;
        let max = -Infinity;
        for (let s = 1; s < table.length; s++) {
          const v = table[s][i];
          if (v == null || !Number.isFinite(v)) continue;
          sum += v;
          n++;
          if (v < min) min = v;
          if (v > max) max = v;
        }
        ys.push(n ? sum / n : null);
        lo.push(n ? min : null);
        hi.push(n ? max : null);
      }
      return { label: `${name} (${members.length} run${members.length === 1 ? '' : 's'})`, color: colorOf(`group:${name}`), xs, ys, lo, hi, runs: members.length };
    });
  }

  chart(metric, perRun) {
    const body = el('div', { class: 'chart-body' });
    const figure = el('figure', { class: 'chart', 'aria-label': `Chart of ${metric}` }, el('figcaption', {}, metric), body);
    const lines = this.lines(perRun);
    registry[metric] = { metric, lines, settings: { ...this.settings } };
    if (lines.length === 0) {
      body.append(el('p', { class: 'empty' }, 'No numeric values in this window.'));
      return figure;
    }

    const tables = [];
    const series = [{ label: this.xLabel() }];
    const bands = [];
    const hidden = [];
    for (const line of lines) {
      const columns = [line.xs, line.ys];
      const lineIndex = series.length;
      series.push({ label: line.label, stroke: line.color, width: 1.5, spanGaps: true, points: { show: line.xs.length <= 40 } });
      if (line.hi) {
        columns.push(line.hi, line.lo);
        series.push({ label: `${line.label} max`, stroke: 'transparent', width: 0, spanGaps: true, points: { show: false } });
        series.push({ label: `${line.label} min`, stroke: 'transparent', width: 0, spanGaps: true, points: { show: false } });
        bands.push({ series: [lineIndex + 1, lineIndex + 2], fill: translucent(line.color) });
        hidden.push(lineIndex + 1, lineIndex + 2);
      }
      tables.push(columns);
    }
    const data = tables.length === 1 ? tables[0] : uPlot.join(tables);

    const xAxis = this.settings.xAxis;
    const options = {
      width: 400,
      height: 220,
      series,
      bands,
      scales: { x: { time: xAxis === '_timestamp' }, y: { distr: this.settings.logScale ? 3 : 1 } },
      axes: [
        { values: xAxis === '_runtime' ? (u, splits) => splits.map((s) => duration(s)) : undefined },
        { size: 60 },
      ],
      cursor: { drag: { x: true, y: false, setScale: false } },
      legend: { live: true },
      hooks: {
        setSelect: [
          (u) => {
            if (u.select.width < 5) return;
            const min = u.posToVal(u.select.left, 'x');
            const max = u.posToVal(u.select.left + u.select.width, 'x');
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            this.onZoom(min, max);
          },
        ],
        ready: [
          (u) => {
            // Band edges are data, not lines: keep them out of the legend.
            const rows = u.root.querySelectorAll('.u-legend .u-series');
            for (const i of hidden) if (rows[i]) rows[i].style.display = 'none';
            u.over.addEventListener('dblclick', () => this.onZoom(null, null));
          },
        ],
      },
    };
    const uplot = new uPlot(options, data, body);
    registry[metric].uplot = uplot;
    this.plots.push({ uplot, body });
    return figure;
  }

  xLabel() {
    return X_AXES.find((a) => a.key === this.settings.xAxis)?.label ?? this.settings.xAxis;
  }
}

/** The controls bar of a chart panel (x-axis, smoothing, log scale, optional grouping, zoom reset). */
export function chartControls(panel, { xChoices, groupChoices = null, onChange }) {
  const id = Math.random().toString(36).slice(2, 8);
  const xSelect = el('select', { id: `x-${id}` },
    xChoices.map((c) => el('option', { value: c.key, selected: c.key === panel.settings.xAxis }, c.label)));
  xSelect.addEventListener('change', () => {
    panel.settings.xAxis = xSelect.value;
    panel.settings.xMin = panel.settings.xMax = null;
    onChange();
  });

  const smoothing = el('input', { type: 'range', min: '0', max: '0.99', step: '0.01', value: String(panel.settings.smoothing), id: `s-${id}` });
  const smoothingValue = el('output', { for: `s-${id}` }, String(panel.settings.smoothing));
  smoothing.addEventListener('input', () => (smoothingValue.textContent = smoothing.value));
  smoothing.addEventListener('change', () => {
    panel.settings.smoothing = Number(smoothing.value);
    onChange();
  });

  const log = el('input', { type: 'checkbox', id: `l-${id}`, checked: panel.settings.logScale });
  log.addEventListener('change', () => {
    panel.settings.logScale = log.checked;
    onChange();
  });

  const reset = el('button', { type: 'button', disabled: panel.settings.xMin == null }, 'Reset zoom');
  reset.addEventListener('click', () => panel.onZoom(null, null));

  const parts = [
    el('label', { for: `x-${id}` }, 'X axis', xSelect),
    el('label', { for: `s-${id}` }, 'Smoothing', smoothing, smoothingValue),
    el('label', { for: `l-${id}` }, log, 'Log scale'),
  ];
  if (groupChoices) {
    const group = el('select', { id: `g-${id}` },
      el('option', { value: '' }, 'No grouping'),
      groupChoices.map((c) => el('option', { value: c.key, selected: c.key === panel.settings.groupBy }, c.label)));
    group.addEventListener('change', () => {
      panel.settings.groupBy = group.value || null;
      onChange();
    });
    parts.push(el('label', { for: `g-${id}` }, 'Group runs by', group));
  }
  parts.push(reset, el('span', { class: 'muted small' }, 'Drag across a chart to zoom; double-click to reset.'));
  return { element: el('div', { class: 'toolbar', role: 'group', 'aria-label': 'Chart settings' }, parts), reset };
}
