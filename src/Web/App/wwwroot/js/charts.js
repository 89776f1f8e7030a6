// Line charts over /api/v1/charts, drawn with uPlot (built for large time series). One chart per metric, grouped by
// the prefix before '/', with x-axis choice, smoothing, log scale, the min/max envelope of bucketed data, drag-to-zoom
// that asks the server for a finer window, and grouping of runs into a mean line with a min–max band.
import uPlot from '../vendor/uPlot.esm.js';
import { charts as fetchCharts } from './api.js';
import { colorOf, paletteColor, translucent } from './colors.js';
import { el, replace, duration, errorBox } from './dom.js';
import { tickLabels, formatExact } from './chart-format.js';

const METRICS_PER_REQUEST = 50;
const RUNS_PER_REQUEST = 200;
/** Points per run drawn unbucketed (W&B draws up to ~1,500 points per run); buckets only beyond. */
export const POINT_BUDGET = 1500;
/** The legend's height in px (two rows, as app.css's .chart-legend max-height). */
const LEGEND_HEIGHT = 36;
/** Lines listed in a hover tooltip, highest value first. */
const TOOLTIP_LINES = 12;

/** What each drawn chart shows, by title: read by the browser tests, handy when debugging. */
export const registry = (window.wandbCharts = window.wandbCharts ?? {});
/** How often charts were built and fed in place: read by the browser tests and the page-load benchmark. */
export const chartStats = (window.wandbChartStats = window.wandbChartStats ?? { constructions: 0, appends: 0 });

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

/** Index of the point of `xs` (sorted) nearest to `x`, or -1 for an empty line. */
function nearest(xs, x) {
  if (xs.length === 0) return -1;
  let lo = 0;
  let hi = xs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && Math.abs(xs[lo - 1] - x) <= Math.abs(xs[lo] - x) ? lo - 1 : lo;
}

/** A y-axis as wide as its longest label (measured), never a fixed width that cuts 1e12 or -0.000123 off. */
function fittedAxisSize(u, values, axisIndex, cycle) {
  const axis = u.axes[axisIndex];
  if (cycle > 1) return axis._size;
  let size = axis.ticks.size + axis.gap;
  const longest = (values ?? []).reduce((a, v) => (v != null && String(v).length > a.length ? String(v) : a), '');
  if (longest !== '') {
    u.ctx.font = axis.font[0];
    size += u.ctx.measureText(longest).width / devicePixelRatio;
  }
  return Math.ceil(size);
}

/**
 * A block of charts for a set of runs. settings: { xAxis, smoothing, logScale, groupBy, xMin, xMax }; runs:
 * [{ entity, project, run, label, group, color? }]. render() fetches everything and builds the charts; append(names)
 * fetches only the new points of the named runs (from the last x each chart holds) and feeds the charts in place, so a
 * live run never resets a hover, a drag or a zoom.
 *
 * The panel interface other panel kinds follow: a panel owns a container, `render(runs, …)` draws it for a set of runs,
 * `append(names)` takes live changes of some of those runs, `destroy()` lets go of it; `onColorPick(run, colour)` and
 * `onZoom(min, max)` report what the user did.
 */
export class ChartPanel {
  constructor(container, { stream = 'history', emptyText = 'Nothing logged yet.' } = {}) {
    this.container = container;
    this.stream = stream;
    this.emptyText = emptyText;
    this.plots = new Map(); // metric → { figure, body, legend, tooltip, uplot, lines }
    this.runs = [];
    this.metrics = [];
    this.data = new Map(); // `${run}\u0000${metric}` → { bucketed, points }
    this.settings = { xAxis: stream === 'events' ? '_runtime' : '_step', smoothing: 0, logScale: false, groupBy: null, xMin: null, xMax: null };
    this.onZoom = () => {};
    this.onColorPick = null;
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(container);
    this.generation = 0;
  }

  destroy() {
    this.resizeObserver.disconnect();
    this.clear();
  }

  clear() {
    for (const plot of this.plots.values()) plot.uplot?.destroy();
    this.plots = new Map();
  }

  resize() {
    for (const plot of this.plots.values()) {
      const width = plot.body.clientWidth;
      if (plot.uplot && width > 0 && Math.abs(width - plot.uplot.width) > 2) {
        plot.uplot.setSize({ width, height: plot.uplot.height });
        this.fitLegend(plot);
      }
    }
  }

  /** Fetches every metric of every run for the current window and builds the charts. */
  async render(runs, metrics) {
    const generation = ++this.generation;
    if (runs.length === 0 || metrics.length === 0) {
      this.clear();
      this.runs = runs;
      this.metrics = metrics;
      replace(this.container, el('p', { class: 'empty' }, runs.length === 0 ? 'No runs are shown on the charts.' : this.emptyText));
      return;
    }

    let series;
    try {
      series = await this.fetch(runs, metrics, () => ({ xMin: this.settings.xMin, xMax: this.settings.xMax }));
    } catch (error) {
      if (generation === this.generation) replace(this.container, errorBox(error));
      return;
    }
    if (generation !== this.generation) return; // a newer render started meanwhile

    this.clear();
    this.runs = runs;
    this.metrics = metrics;
    this.data = new Map();
    for (const s of series) this.data.set(`${s.run}\u0000${s.metric}`, { bucketed: s.bucketed, points: s.points });
    const sections = groupByPrefix(metrics).map(([prefix, names]) => {
      const grid = el('div', { class: 'chart-grid' });
      const section = el('details', { class: 'chart-section', open: true },
        el('summary', {}, prefix === '' ? 'Charts' : prefix, el('span', { class: 'muted small' }, ` (${names.length})`)), grid);
      for (const metric of names) grid.append(this.chart(metric));
      return section;
    });
    replace(this.container, sections);
    // uPlot needs a laid-out container to size itself.
    requestAnimationFrame(() => this.resize());
  }

  /**
   * Live: the named runs logged more. Asks only for their points from the last x each chart holds (inclusive, so a
   * bucket still filling is replaced), merges them and feeds every chart in place. Returns false when it could not
   * (nothing drawn yet), so the caller renders instead.
   */
  async append(names) {
    const changed = this.runs.filter((r) => names.includes(r.run));
    if (changed.length === 0 || this.plots.size === 0) return this.plots.size > 0;
    const generation = this.generation;
    const { xMax } = this.settings;
    const requests = [];
    for (const run of changed) {
      // One window per run: from the smallest last x its charts hold (a metric it never logged starts the window).
      let from = Infinity;
      for (const metric of this.metrics) {
        const points = this.data.get(`${run.run}\u0000${metric}`)?.points;
        from = Math.min(from, points?.length ? points[points.length - 1][0] : this.settings.xMin ?? -Infinity);
      }
      if (xMax != null && from > xMax) continue; // zoomed to a window the new points are beyond
      requests.push(this.fetch([run], this.metrics, () => ({ xMin: Number.isFinite(from) ? from : this.settings.xMin, xMax })));
    }
    let answers;
    try {
      answers = (await Promise.all(requests)).flat();
    } catch {
      return true; // the next change tries again; what is drawn stays
    }
    if (generation !== this.generation) return true;
    const refetch = new Set();
    for (const s of answers) {
      const key = `${s.run}\u0000${s.metric}`;
      const held = this.data.get(key);
      if (!held || s.points.length === 0) {
        if (!held) this.data.set(key, { bucketed: s.bucketed, points: s.points });
        continue;
      }
      const from = s.points[0][0];
      let keep = held.points.length;
      while (keep > 0 && held.points[keep - 1][0] >= from) keep--;
      const points = held.points.slice(0, keep).concat(s.points);
      this.data.set(key, { bucketed: held.bucketed || s.bucketed, points });
      // Past twice the budget the tail is re-bucketed by the server, once, instead of growing without bound.
      if (points.length > 2 * POINT_BUDGET) refetch.add(s.run);
    }
    if (refetch.size > 0) {
      const runs = this.runs.filter((r) => refetch.has(r.run));
      const whole = await this.fetch(runs, this.metrics, () => ({ xMin: this.settings.xMin, xMax })).catch(() => []);
      if (generation !== this.generation) return true;
      for (const s of whole) this.data.set(`${s.run}\u0000${s.metric}`, { bucketed: s.bucketed, points: s.points });
    }
    for (const metric of this.plots.keys()) this.feed(metric);
    chartStats.appends++;
    return true;
  }

  async fetch(runs, metrics, window) {
    const width = Math.max(200, Math.min(1200, Math.floor(this.container.clientWidth / 2) || 600));
    const requests = [];
    for (let r = 0; r < runs.length; r += RUNS_PER_REQUEST) {
      for (let m = 0; m < metrics.length; m += METRICS_PER_REQUEST) {
        requests.push(fetchCharts({
          runs: runs.slice(r, r + RUNS_PER_REQUEST).map(({ entity, project, run }) => ({ entity, project, run })),
          metrics: metrics.slice(m, m + METRICS_PER_REQUEST),
          xAxis: this.settings.xAxis,
          ...window(),
          buckets: width,
          rawPoints: POINT_BUDGET,
          stream: this.stream,
        }));
      }
    }
    return (await Promise.all(requests)).flatMap((answer) => answer.series);
  }

  colorOf(run) {
    return run.color ?? colorOf(run.run);
  }

  /**
   * Lines of one metric: one per run (also a run with no points yet, so a live run's first points need no new chart),
   * or one per group (mean) with its min–max band.
   */
  lines(metric) {
    const { smoothing, groupBy, logScale } = this.settings;
    const positive = (v) => (logScale && !(v > 0) ? null : v);
    const runLines = this.runs.map((run) => {
      const series = this.data.get(`${run.run}\u0000${metric}`) ?? { bucketed: false, points: [] };
      const xs = series.points.map((p) => p[0]);
      const ys = smooth(series.points.map((p) => p[3]), smoothing).map(positive);
      return {
        run: run.run,
        label: run.label,
        color: this.colorOf(run),
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
    return [...groups.entries()].map(([name, members], index) => {
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
      return { label: `${name} (${members.length} run${members.length === 1 ? '' : 's'})`, color: paletteColor(index), xs, ys, lo, hi, runs: members.length };
    });
  }

  /** uPlot's columns for lines: x, then per line its y, band top and band bottom (the y itself when unbucketed). */
  static columns(lines) {
    return uPlot.join(lines.map((line) => [line.xs, line.ys, line.hi ?? line.ys, line.lo ?? line.ys]));
  }

  /** Feeds one chart its lines again, in place: same uPlot, same cursor, same zoom. */
  feed(metric) {
    const plot = this.plots.get(metric);
    if (!plot) return;
    plot.lines = this.lines(metric);
    registry[metric] = { metric, lines: plot.lines, settings: { ...this.settings }, uplot: plot.uplot };
    plot.uplot.setData(ChartPanel.columns(plot.lines));
    // The legend names the same runs as before: it stays, so a colour picker being used is not pulled away.
    this.tooltip(plot);
  }

  chart(metric) {
    const body = el('div', { class: 'chart-body' });
    const legend = el('div', { class: 'chart-legend' });
    const tooltip = el('div', { class: 'chart-tooltip', hidden: true, role: 'status' });
    const figure = el('figure', { class: 'chart', 'aria-label': `Chart of ${metric}` }, el('figcaption', {}, metric), body, legend);
    const lines = this.lines(metric);
    const plot = { metric, figure, body, legend, tooltip, lines, uplot: null };
    this.plots.set(metric, plot);
    registry[metric] = { metric, lines, settings: { ...this.settings } };

    const series = [{ label: this.xLabel() }];
    const bands = [];
    lines.forEach((line, i) => {
      const index = 1 + i * 3;
      series.push({
        label: line.label, stroke: line.color, width: 1.5, spanGaps: true,
        points: { show: (u) => (plot.lines[i]?.xs.length ?? 0) <= 40 },
      });
      series.push({ label: `${line.label} max`, stroke: 'transparent', width: 0, spanGaps: true, points: { show: false } });
      series.push({ label: `${line.label} min`, stroke: 'transparent', width: 0, spanGaps: true, points: { show: false } });
      bands.push({ series: [index + 1, index + 2], fill: translucent(line.color) });
    });

    const xAxis = this.settings.xAxis;
    const xValues = xAxis === '_runtime' ? (u, splits) => splits.map((s) => duration(s))
      : xAxis === '_timestamp' ? undefined
        : (u, splits) => tickLabels(splits);
    const options = {
      width: 400,
      height: 220,
      series,
      bands,
      legend: { show: false },
      scales: { x: { time: xAxis === '_timestamp' }, y: { distr: this.settings.logScale ? 3 : 1, log: 10 } },
      axes: [
        { values: xValues },
        { values: (u, splits) => tickLabels(splits), size: fittedAxisSize },
      ],
      cursor: { drag: { x: true, y: false, setScale: false }, points: { size: 6 } },
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
        setCursor: [() => this.tooltip(plot)],
        ready: [(u) => {
          u.over.append(tooltip);
          u.over.addEventListener('dblclick', () => this.onZoom(null, null));
          u.over.addEventListener('mouseleave', () => (tooltip.hidden = true));
        }],
      },
    };
    plot.uplot = new uPlot(options, ChartPanel.columns(lines), body);
    chartStats.constructions++;
    registry[metric].uplot = plot.uplot;
    this.legend(plot);
    return figure;
  }

  /**
   * One compact line under the plot, whatever the number of runs: a swatch and name per line until it is full, then
   * "+N more" (the tooltip names every line at the cursor). A swatch opens a colour picker when the page saves colours.
   */
  legend(plot) {
    const items = plot.lines.map((line) => {
      const swatch = el('span', { class: 'swatch', style: `background:${line.color}` });
      if (this.onColorPick && line.run) {
        const picker = el('input', { type: 'color', value: line.color, class: 'color-pick', 'aria-label': `Colour of ${line.label}`, title: 'Change colour' });
        picker.addEventListener('change', () => this.onColorPick(line.run, picker.value));
        return el('label', { class: 'legend-item', title: line.label }, picker, swatch, el('span', { class: 'legend-name' }, line.label));
      }
      return el('span', { class: 'legend-item', title: line.label }, swatch, el('span', { class: 'legend-name' }, line.label));
    });
    plot.more = el('span', { class: 'legend-more muted small', hidden: true });
    plot.legendItems = items;
    replace(plot.legend, items, plot.more);
    requestAnimationFrame(() => this.fitLegend(plot));
  }

  /** Hides the legend items that do not fit on its two rows and counts them instead; again on every resize. */
  fitLegend(plot) {
    const { legendItems: items, more } = plot;
    if (!items || plot.legend.clientWidth === 0) return;
    for (const item of items) item.hidden = false;
    more.hidden = true;
    const limit = plot.legend.getBoundingClientRect().top + LEGEND_HEIGHT + 1;
    const overflows = (node) => node.getBoundingClientRect().bottom > limit;
    let visible = items.findIndex(overflows);
    if (visible < 0) return;
    for (const item of items.slice(visible)) item.hidden = true;
    more.hidden = false;
    more.textContent = `+${items.length - visible} more`;
    while (visible > 0 && overflows(more)) {
      items[--visible].hidden = true;
      more.textContent = `+${items.length - visible} more`;
    }
  }

  /** The hover tooltip: the x at the cursor and each line's exact value nearest to it, highest first. */
  tooltip(plot) {
    const u = plot.uplot;
    const { tooltip } = plot;
    if (!u || u.cursor.left == null || u.cursor.left < 0) {
      tooltip.hidden = true;
      return;
    }
    const x = u.posToVal(u.cursor.left, 'x');
    const rows = [];
    for (const line of plot.lines) {
      const i = nearest(line.xs, x);
      if (i < 0 || line.ys[i] == null) continue;
      // A line that ended before the cursor (or starts after it) has no value there: a short run is not listed at step 60k.
      const n = line.xs.length;
      const slack = n > 1 ? (line.xs[n - 1] - line.xs[0]) / (n - 1) : 0;
      if (x > line.xs[n - 1] + slack || x < line.xs[0] - slack) continue;
      rows.push({ line, y: line.ys[i], x: line.xs[i] });
    }
    if (rows.length === 0) {
      tooltip.hidden = true;
      return;
    }
    rows.sort((a, b) => b.y - a.y);
    const xText = this.settings.xAxis === '_runtime' ? duration(rows[0].x)
      : this.settings.xAxis === '_timestamp' ? new Date(rows[0].x * 1000).toLocaleString() : formatExact(rows[0].x);
    replace(tooltip,
      el('div', { class: 'tooltip-x' }, `${this.xLabel()} ${xText}`),
      rows.slice(0, TOOLTIP_LINES).map(({ line, y }) => el('div', { class: 'tooltip-row' },
        el('span', { class: 'swatch', style: `background:${line.color}` }),
        el('span', { class: 'tooltip-name' }, line.label),
        el('span', { class: 'tooltip-value' }, formatExact(y)))),
      rows.length > TOOLTIP_LINES ? el('div', { class: 'muted small' }, `+${rows.length - TOOLTIP_LINES} more`) : null);
    tooltip.hidden = false;
    const left = u.cursor.left;
    const flip = left > u.over.clientWidth / 2;
    tooltip.style.left = flip ? '' : `${left + 12}px`;
    tooltip.style.right = flip ? `${u.over.clientWidth - left + 12}px` : '';
    tooltip.style.top = '4px';
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
