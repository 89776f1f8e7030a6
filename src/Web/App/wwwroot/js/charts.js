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

/**
 * W&B's smoothing kinds. The amount reads as W&B's slider does: a weight in [0, 0.99] for the two moving averages,
 * a number of points for the running average (the window) and the Gaussian (its standard deviation).
 */
export const SMOOTHING_TYPES = [
  { key: 'ema', label: 'Exponential moving average', max: 0.99, step: 0.01 },
  { key: 'twema', label: 'Time weighted EMA', max: 0.99, step: 0.01 },
  { key: 'gaussian', label: 'Gaussian', max: 100, step: 1 },
  { key: 'average', label: 'Running average', max: 100, step: 1 },
];

/** The values smoothed by `type` with `amount` (see SMOOTHING_TYPES); xs give the time-weighted EMA its gaps. */
export function smoothLine(xs, values, type, amount) {
  if (!amount) return values;
  const finite = (y) => y != null && Number.isFinite(y);
  switch (type) {
    case 'twema': {
      // The weight applies per mean x gap: a point after a long pause forgets more of the past.
      const n = xs.length;
      const gap = n > 1 ? (xs[n - 1] - xs[0]) / (n - 1) : 1;
      let last = 0;
      let norm = 0;
      let prevX = null;
      return values.map((y, i) => {
        if (!finite(y)) return y;
        const decay = prevX == null || !(gap > 0) ? amount : amount ** Math.max(0, (xs[i] - prevX) / gap);
        prevX = xs[i];
        last = last * decay + (1 - decay) * y;
        norm = norm * decay + (1 - decay);
        return last / norm;
      });
    }
    case 'average': {
      // The mean of the last `amount` points (fewer at the start).
      const window = Math.max(1, Math.round(amount));
      const kept = [];
      let sum = 0;
      return values.map((y) => {
        if (!finite(y)) return y;
        kept.push(y);
        sum += y;
        if (kept.length > window) sum -= kept.shift();
        return sum / kept.length;
      });
    }
    case 'gaussian': {
      // A Gaussian kernel over the neighbouring points, standard deviation `amount` points, cut at three of them.
      const sigma = Math.max(0.5, amount);
      const reach = Math.ceil(3 * sigma);
      const weights = Array.from({ length: reach + 1 }, (_, d) => Math.exp(-(d * d) / (2 * sigma * sigma)));
      return values.map((y, i) => {
        if (!finite(y)) return y;
        let sum = 0;
        let total = 0;
        for (let j = Math.max(0, i - reach); j <= Math.min(values.length - 1, i + reach); j++) {
          if (!finite(values[j])) continue;
          const w = weights[Math.abs(j - i)];
          sum += w * values[j];
          total += w;
        }
        return sum / total;
      });
    }
    default:
      return smooth(values, amount);
  }
}

/**
 * A charts fetcher that merges the requests made in the same turn for the same runs and window into one (the
 * workspace's panels each ask for their own metrics as they are drawn): one request, each caller gets its series.
 */
export function batchedCharts() {
  let pending = new Map();
  function flush() {
    const batches = pending;
    pending = new Map();
    for (const batch of batches.values()) {
      const metrics = [...batch.metrics];
      const requests = [];
      for (let m = 0; m < metrics.length; m += METRICS_PER_REQUEST) {
        requests.push(fetchCharts({ ...batch.body, metrics: metrics.slice(m, m + METRICS_PER_REQUEST) }));
      }
      Promise.all(requests).then((answers) => {
        const series = answers.flatMap((a) => a.series);
        for (const waiter of batch.waiters) waiter.resolve({ series: series.filter((s) => waiter.metrics.has(s.metric)) });
      }, (error) => batch.waiters.forEach((w) => w.reject(error)));
    }
  }
  return (body) => new Promise((resolve, reject) => {
    const { metrics, ...rest } = body;
    const key = JSON.stringify(rest);
    if (pending.size === 0) setTimeout(flush, 0);
    if (!pending.has(key)) pending.set(key, { body: rest, metrics: new Set(), waiters: [] });
    const batch = pending.get(key);
    metrics.forEach((m) => batch.metrics.add(m));
    batch.waiters.push({ metrics: new Set(metrics), resolve, reject });
  });
}

/** Dash patterns that tell apart the metrics of one panel (a run keeps its colour in each). */
const DASHES = [null, [6, 3], [2, 3], [8, 3, 2, 3], [12, 4]];

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
  /**
   * `title`: one chart of that title over all the metrics (a workspace panel) instead of one chart per metric in
   * sections; `height`: the plot's height in px; `fetcher`: what asks the server (api.js charts, or batchedCharts()).
   */
  constructor(container, { stream = 'history', emptyText = 'Nothing logged yet.', title = null, height = 220, fetcher = fetchCharts } = {}) {
    this.container = container;
    this.stream = stream;
    this.emptyText = emptyText;
    this.title = title;
    this.height = height;
    this.fetcher = fetcher;
    this.plots = new Map(); // chart key (the metric, or the title) → { figure, body, legend, tooltip, uplot, lines, metrics }
    this.runs = [];
    this.metrics = [];
    this.data = new Map(); // `${run}\u0000${metric}` → { bucketed, points }
    this.settings = {
      xAxis: stream === 'events' ? '_runtime' : '_step', smoothing: 0, smoothingType: 'ema', logScale: false, logX: false,
      yMin: null, yMax: null, groupBy: null, xMin: null, xMax: null,
    };
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
    if (this.title != null) {
      replace(this.container, this.chart(this.title, metrics));
      requestAnimationFrame(() => this.resize());
      return;
    }
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
    for (const key of this.plots.keys()) this.feed(key);
    chartStats.appends++;
    return true;
  }

  async fetch(runs, metrics, window) {
    // Rounded to 100 so panels of about the same width share one request (batchedCharts).
    const width = Math.ceil(Math.max(200, Math.min(1200, Math.floor(this.container.clientWidth / 2) || 600)) / 100) * 100;
    const requests = [];
    for (let r = 0; r < runs.length; r += RUNS_PER_REQUEST) {
      for (let m = 0; m < metrics.length; m += METRICS_PER_REQUEST) {
        requests.push(this.fetcher({
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
   * Lines of a chart's metrics: one per run and metric (also a run with no points yet, so a live run's first points
   * need no new chart), or one per group and metric (mean) with its min–max band.
   */
  lines(metrics) {
    const { smoothing, smoothingType, groupBy, logScale, logX } = this.settings;
    const positive = (v) => (logScale && !(v > 0) ? null : v);
    const several = metrics.length > 1;
    const runLines = metrics.flatMap((metric, m) => this.runs.map((run) => {
      const series = this.data.get(`${run.run}\u0000${metric}`) ?? { bucketed: false, points: [] };
      // A log x-axis has no place for x <= 0 (step 0).
      const points = logX ? series.points.filter((p) => p[0] > 0) : series.points;
      const xs = points.map((p) => p[0]);
      const ys = smoothLine(xs, points.map((p) => p[3]), smoothingType, smoothing).map(positive);
      return {
        run: run.run,
        metric,
        label: several ? `${run.label} · ${metric}` : run.label,
        color: this.colorOf(run),
        dash: DASHES[m % DASHES.length],
        group: run.group,
        xs,
        ys,
        lo: series.bucketed ? points.map((p) => positive(p[1])) : null,
        hi: series.bucketed ? points.map((p) => positive(p[2])) : null,
      };
    }));
    if (!groupBy) return runLines;

    const groups = new Map();
    for (const line of runLines) {
      const key = `${line.group ?? '(none)'}\u0000${line.metric}`;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(line);
    }
    return [...groups.entries()].map(([key, members], index) => {
      const [groupName, metric] = key.split('\u0000');
      const name = several ? `${groupName} · ${metric}` : groupName;
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
      return { label: `${name} (${members.length} run${members.length === 1 ? '' : 's'})`, color: paletteColor(index), dash: members[0].dash, xs, ys, lo, hi, runs: members.length };
    });
  }

  /** uPlot's columns for lines: x, then per line its y, band top and band bottom (the y itself when unbucketed). */
  static columns(lines) {
    return uPlot.join(lines.map((line) => [line.xs, line.ys, line.hi ?? line.ys, line.lo ?? line.ys]));
  }

  /** Feeds one chart its lines again, in place: same uPlot, same cursor, same zoom. */
  feed(key) {
    const plot = this.plots.get(key);
    if (!plot) return;
    plot.lines = this.lines(plot.metrics);
    registry[key] = { metric: key, metrics: plot.metrics, lines: plot.lines, settings: { ...this.settings }, uplot: plot.uplot };
    plot.uplot.setData(ChartPanel.columns(plot.lines));
    // The legend stays while it names the same lines (a colour picker being used is not pulled away); a line's first
    // points add it.
    if (ChartPanel.legendKey(plot.lines) !== plot.legendKey) this.legend(plot);
    this.tooltip(plot);
  }

  /** One chart: `key` names it (a metric, or a panel's title), `metrics` are its lines (the metric itself by default). */
  chart(key, metrics = [key]) {
    const body = el('div', { class: 'chart-body', style: `min-height:${this.height}px` });
    const legend = el('div', { class: 'chart-legend' });
    const tooltip = el('div', { class: 'chart-tooltip', hidden: true, role: 'status' });
    // A workspace panel's card carries the title; a chart of its own names itself.
    const figure = el('figure', { class: 'chart', 'aria-label': `Chart of ${key}` }, this.title != null ? null : el('figcaption', {}, key), body, legend);
    const lines = this.lines(metrics);
    const plot = { metric: key, metrics, figure, body, legend, tooltip, lines, uplot: null };
    this.plots.set(key, plot);
    registry[key] = { metric: key, metrics, lines, settings: { ...this.settings } };

    const series = [{ label: this.xLabel() }];
    const bands = [];
    lines.forEach((line, i) => {
      const index = 1 + i * 3;
      series.push({
        label: line.label, stroke: line.color, width: 1.5, spanGaps: true, dash: line.dash ?? undefined,
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
    const { yMin, yMax, logX } = this.settings;
    const fixed = (v) => typeof v === 'number' && Number.isFinite(v);
    const options = {
      width: 400,
      height: this.height,
      series,
      bands,
      legend: { show: false },
      scales: {
        x: { time: xAxis === '_timestamp', distr: logX && xAxis !== '_timestamp' ? 3 : 1, log: 10 },
        y: {
          distr: this.settings.logScale ? 3 : 1, log: 10,
          // A y range the user set holds whatever the data; an end left open follows the data.
          ...(fixed(yMin) || fixed(yMax) ? { range: (u, min, max) => [fixed(yMin) ? yMin : min, fixed(yMax) ? yMax : max] } : {}),
        },
      },
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
    registry[key].uplot = plot.uplot;
    this.legend(plot);
    return figure;
  }

  /**
   * One compact line under the plot, whatever the number of runs: a swatch and name per line until it is full, then
   * "+N more" (the tooltip names every line at the cursor). A swatch opens a colour picker when the page saves colours.
   */
  legend(plot) {
    plot.legendKey = ChartPanel.legendKey(plot.lines);
    // Only the lines with points: a run that never logged this metric takes no room.
    const items = plot.lines.filter((line) => line.xs.length > 0).map((line) => {
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

  /** Which lines have points, as the legend lists them. */
  static legendKey(lines) {
    return lines.map((line) => (line.xs.length > 0 ? '1' : '0')).join('');
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

  const kindOf = (key) => SMOOTHING_TYPES.find((t) => t.key === key) ?? SMOOTHING_TYPES[0];
  const kind = kindOf(panel.settings.smoothingType);
  const smoothingType = el('select', { id: `st-${id}`, 'aria-label': 'Smoothing kind' },
    SMOOTHING_TYPES.map((t) => el('option', { value: t.key, selected: t.key === kind.key }, t.label)));
  const smoothing = el('input', { type: 'range', min: '0', max: String(kind.max), step: String(kind.step), value: String(panel.settings.smoothing), id: `s-${id}` });
  const smoothingValue = el('output', { for: `s-${id}` }, String(panel.settings.smoothing));
  smoothing.addEventListener('input', () => (smoothingValue.textContent = smoothing.value));
  smoothing.addEventListener('change', () => {
    panel.settings.smoothing = Number(smoothing.value);
    onChange();
  });
  smoothingType.addEventListener('change', () => {
    // The amount means another thing for each kind (a weight, a number of points): it starts again at none.
    const next = kindOf(smoothingType.value);
    panel.settings.smoothingType = next.key;
    panel.settings.smoothing = 0;
    Object.assign(smoothing, { max: String(next.max), step: String(next.step), value: '0' });
    smoothingValue.textContent = '0';
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
    el('label', { for: `s-${id}` }, 'Smoothing', smoothing, smoothingValue), smoothingType,
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
