// Panels that read many runs at once: parallel coordinates (one axis per parameter plus the metric; dragging on an
// axis keeps the runs inside the range), parameter importance (random-forest importance and correlation with the
// metric, as W&B shows them) and the metric against creation time. Plain SVG built through the DOM, no HTML parsing.
import { el, formatValue } from '../dom.js';

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value != null) node.setAttribute(name, String(value));
  }
  for (const child of children.flat()) if (child) node.append(child);
  return node;
}

/**
 * The runs as rows of { name, values: {param: value}, metric, createdAt } from GraphQL run nodes: parameters are the
 * config keys every run has (nested ones flattened with dots), without W&B's own `_wandb`.
 */
export function sweepRows(nodes, metricName) {
  const flatten = (prefix, value, into) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) flatten(prefix ? `${prefix}.${k}` : k, v, into);
    } else into[prefix] = value;
    return into;
  };
  const rows = nodes.map((node) => {
    const config = safeJson(node.config);
    const values = {};
    for (const [key, entry] of Object.entries(config)) {
      if (key.startsWith('_')) continue;
      flatten(key, entry && typeof entry === 'object' && 'value' in entry ? entry.value : entry, values);
    }
    const summary = safeJson(node.summaryMetrics);
    const metric = metricName ? pick(summary, metricName) : null;
    return { name: node.name, label: node.displayName || node.name, state: node.state, values, metric: typeof metric === 'number' ? metric : null, createdAt: node.createdAt };
  });
  const params = rows.length ? Object.keys(rows[0].values).filter((key) => rows.every((row) => key in row.values)) : [];
  return { rows, params };
}

function safeJson(text) {
  try {
    return JSON.parse(text || '{}') ?? {};
  } catch {
    return {};
  }
}

function pick(object, path) {
  if (path in object) return object[path];
  return path.split('.').reduce((value, key) => (value && typeof value === 'object' ? value[key] : undefined), object);
}

/** An axis for a list of values: numeric (linear, or log when positive and spread over 3 decades) or categorical. */
function axisFor(values) {
  const numbers = values.filter((v) => typeof v === 'number' && Number.isFinite(v));
  if (numbers.length === values.length && numbers.length > 0) {
    let min = Math.min(...numbers);
    let max = Math.max(...numbers);
    const log = min > 0 && max / min >= 100;
    if (min === max) {
      min -= 1;
      max += 1;
    }
    const f = log ? Math.log10 : (x) => x;
    const [a, b] = [f(min), f(max)];
    return { kind: 'number', log, min, max, position: (v) => (f(v) - a) / (b - a), label: (v) => formatValue(v), ticks: [min, max] };
  }
  const categories = [...new Set(values.map((v) => JSON.stringify(v ?? null)))].sort();
  return {
    kind: 'category',
    position: (v) => (categories.length === 1 ? 0.5 : categories.indexOf(JSON.stringify(v ?? null)) / (categories.length - 1)),
    label: (v) => formatValue(v),
    ticks: categories.map((c) => JSON.parse(c)),
  };
}

/** Blue (good) to orange (bad) by the metric's rank, so the best runs stand out. */
function colorFor(metric, min, max, maximize) {
  if (metric == null || !Number.isFinite(metric)) return '#98a2b3';
  let t = max === min ? 0.5 : (metric - min) / (max - min);
  if (!maximize) t = 1 - t;
  const hue = 25 + (t * 190);
  return `hsl(${hue.toFixed(0)} 75% 45%)`;
}

/** Parallel coordinates: returns { element }; onFilter(names) is told which runs pass every brushed range. */
export function parallelCoordinates({ rows, params }, metricName, maximize, onFilter = () => {}) {
  const axes = [...params.map((p) => ({ key: p, get: (row) => row.values[p] })),
    ...(metricName ? [{ key: metricName, get: (row) => row.metric }] : [])];
  const container = el('div', { class: 'pc-panel' });
  if (axes.length < 2 || rows.length === 0) {
    container.append(el('p', { class: 'muted' }, 'Parallel coordinates need finished runs with parameters and a metric.'));
    return { element: container };
  }
  const width = Math.max(880, axes.length * 180);
  const height = 320;
  const top = 28;
  const bottom = 30;
  const left = 60;
  const right = 60;
  const x = (i) => left + (i * (width - left - right)) / (axes.length - 1);
  const y = (t) => top + ((1 - t) * (height - top - bottom));
  axes.forEach((axis) => Object.assign(axis, axisFor(rows.map(axis.get))));
  const metrics = rows.map((r) => r.metric).filter((m) => m != null);
  const [mMin, mMax] = [Math.min(...metrics), Math.max(...metrics)];
  const brushes = new Map();

  const lines = rows.map((row) => {
    const points = axes.map((axis, i) => {
      const value = axis.get(row);
      const t = value == null ? 0 : axis.position(value);
      return `${x(i).toFixed(1)},${y(Number.isFinite(t) ? t : 0).toFixed(1)}`;
    });
    const line = svg('polyline', { points: points.join(' '), fill: 'none', stroke: colorFor(row.metric, mMin, mMax, maximize), 'stroke-width': 1.6, 'stroke-opacity': 0.85 },
      svg('title', {}, document.createTextNode(`${row.label}: ${axes.map((a) => `${a.key}=${formatValue(a.get(row))}`).join(', ')}`)));
    line.dataset.run = row.name;
    return { row, line };
  });

  const plot = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': 'Parallel coordinates of parameters and metric' });
  const lineGroup = svg('g', {}, lines.map((l) => l.line));
  plot.append(lineGroup);

  const apply = () => {
    const passing = [];
    for (const { row, line } of lines) {
      const inside = [...brushes.entries()].every(([i, [lo, hi]]) => {
        const value = axes[i].get(row);
        const t = value == null ? -1 : axes[i].position(value);
        return t >= lo && t <= hi;
      });
      line.setAttribute('stroke-opacity', inside ? 0.9 : 0.08);
      if (inside) passing.push(row.name);
    }
    onFilter(passing, brushes.size > 0);
  };

  axes.forEach((axis, i) => {
    const group = svg('g', { class: 'pc-axis' });
    group.append(svg('line', { x1: x(i), x2: x(i), y1: y(1), y2: y(0), stroke: '#344054', 'stroke-width': 1 }));
    const title = svg('text', { x: x(i), y: 14, 'text-anchor': 'middle', class: 'pc-title' });
    title.textContent = axis.key;
    group.append(title);
    const ticks = axis.kind === 'category' ? axis.ticks : axis.ticks;
    for (const tick of ticks.slice(0, 12)) {
      const label = svg('text', { x: x(i) + 6, y: y(axis.position(tick)) + 4, class: 'pc-tick' });
      label.textContent = axis.label(tick);
      group.append(label);
    }
    const brush = svg('rect', { x: x(i) - 7, width: 14, y: y(1), height: 0, class: 'pc-brush' });
    const hit = svg('rect', { x: x(i) - 12, width: 24, y: y(1), height: y(0) - y(1), fill: 'transparent', class: 'pc-hit', tabindex: 0 });
    hit.setAttribute('aria-label', `Brush ${axis.key}: drag to keep a range, double-click to clear`);
    let start = null;
    const toT = (event) => {
      const box = plot.getBoundingClientRect();
      const py = ((event.clientY - box.top) * height) / box.height;
      return Math.min(1, Math.max(0, 1 - ((py - top) / (height - top - bottom))));
    };
    hit.addEventListener('pointerdown', (event) => {
      start = toT(event);
      hit.setPointerCapture(event.pointerId);
    });
    hit.addEventListener('pointermove', (event) => {
      if (start == null) return;
      const now = toT(event);
      const [lo, hi] = [Math.min(start, now), Math.max(start, now)];
      brush.setAttribute('y', y(hi));
      brush.setAttribute('height', Math.max(0, y(lo) - y(hi)));
      brushes.set(i, [lo, hi]);
      apply();
    });
    hit.addEventListener('pointerup', () => {
      start = null;
    });
    hit.addEventListener('dblclick', () => {
      brushes.delete(i);
      brush.setAttribute('height', 0);
      apply();
    });
    group.append(brush, hit);
    plot.append(group);
  });

  container.append(el('div', { class: 'pc-scroll' }, plot));
  return {
    element: container,
    /** Brushes an axis to the unit range [lo, hi] (what a drag does), for keyboard users and tests. */
    brush(axisKey, lo, hi) {
      const i = axes.findIndex((a) => a.key === axisKey);
      if (i < 0) return;
      brushes.set(i, [lo, hi]);
      const rect = plot.querySelectorAll('.pc-brush')[i];
      rect.setAttribute('y', y(hi));
      rect.setAttribute('height', y(lo) - y(hi));
      apply();
    },
  };
}

/** Numeric features for the forest: numbers as they are, categories by index. */
function encode({ rows, params }) {
  return params.map((p) => {
    const values = rows.map((r) => r.values[p]);
    if (values.every((v) => typeof v === 'number')) return values;
    const categories = [...new Set(values.map((v) => JSON.stringify(v ?? null)))].sort();
    return values.map((v) => categories.indexOf(JSON.stringify(v ?? null)));
  });
}

function pearson(xs, ys) {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
}

/** A seeded generator, so the same runs always give the same importances. */
function mulberry32(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mean-decrease-in-impurity importance of a random forest of regression trees, normalized to sum 1. */
export function forestImportance(features, target, { trees = 60, depth = 6, seed = 1 } = {}) {
  const d = features.length;
  const importance = new Array(d).fill(0);
  const random = mulberry32(seed);
  const variance = (idx) => {
    if (idx.length === 0) return 0;
    let mean = 0;
    for (const i of idx) mean += target[i];
    mean /= idx.length;
    let v = 0;
    for (const i of idx) v += (target[i] - mean) ** 2;
    return v;
  };
  const grow = (idx, level) => {
    if (level >= depth || idx.length < 4) return;
    const parent = variance(idx);
    if (parent === 0) return;
    const tried = [...Array(d).keys()].sort(() => random() - 0.5).slice(0, Math.max(1, Math.ceil(Math.sqrt(d)) + 1));
    let best = null;
    for (const f of tried) {
      const values = [...new Set(idx.map((i) => features[f][i]))].sort((a, b) => a - b);
      const step = Math.max(1, Math.floor(values.length / 16));
      for (let k = step; k < values.length; k += step) {
        const threshold = (values[k - 1] + values[k]) / 2;
        const leftIdx = idx.filter((i) => features[f][i] <= threshold);
        const rightIdx = idx.filter((i) => features[f][i] > threshold);
        if (leftIdx.length < 2 || rightIdx.length < 2) continue;
        const gain = parent - variance(leftIdx) - variance(rightIdx);
        if (!best || gain > best.gain) best = { f, gain, leftIdx, rightIdx };
      }
    }
    if (!best || best.gain <= 0) return;
    importance[best.f] += best.gain;
    grow(best.leftIdx, level + 1);
    grow(best.rightIdx, level + 1);
  };
  const n = target.length;
  for (let t = 0; t < trees; t++) {
    grow(Array.from({ length: n }, () => Math.floor(random() * n)), 0);
  }
  const total = importance.reduce((a, b) => a + b, 0);
  return importance.map((v) => (total > 0 ? v / total : 0));
}

/** The parameter-importance panel: a row per parameter with its importance and correlation bars. */
export function parameterImportance(data, metricName) {
  const container = el('div', { class: 'importance-panel' });
  const usable = data.rows.map((row, i) => ({ row, i })).filter(({ row }) => row.metric != null && Number.isFinite(row.metric));
  if (!metricName || usable.length < 3 || data.params.length === 0) {
    container.append(el('p', { class: 'muted' }, 'Parameter importance needs at least 3 runs that reported the metric.'));
    return { element: container, importances: [] };
  }
  const encoded = encode(data).map((column) => usable.map(({ i }) => column[i]));
  const target = usable.map(({ row }) => row.metric);
  const importances = forestImportance(encoded, target);
  const rows = data.params.map((p, k) => ({ name: p, importance: importances[k], correlation: pearson(encoded[k], target) }))
    .sort((a, b) => b.importance - a.importance);
  const bar = (value, kind) => el('span', { class: `bar ${kind} ${value < 0 ? 'negative' : ''}`, style: `width: ${(Math.abs(value) * 100).toFixed(0)}%` });
  container.append(el('table', { class: 'importance' },
    el('thead', {}, el('tr', {}, el('th', {}, 'Parameter'), el('th', {}, 'Importance'), el('th', {}, `Correlation with ${metricName}`))),
    el('tbody', {}, rows.map((r) => el('tr', {},
      el('td', {}, r.name),
      el('td', { title: r.importance.toFixed(3) }, el('div', { class: 'bar-cell' }, bar(r.importance, 'importance'), el('span', {}, r.importance.toFixed(2)))),
      el('td', { title: r.correlation.toFixed(3) }, el('div', { class: 'bar-cell' }, bar(r.correlation, 'correlation'), el('span', {}, r.correlation.toFixed(2)))))))));
  return { element: container, importances: rows };
}

/** The metric of each run against its creation time. */
export function metricOverTime({ rows }, metricName, maximize) {
  const points = rows.filter((r) => r.metric != null && Number.isFinite(r.metric) && r.createdAt);
  const container = el('div', { class: 'scatter-panel' });
  if (!metricName || points.length === 0) {
    container.append(el('p', { class: 'muted' }, 'No run reported the metric yet.'));
    return { element: container };
  }
  const width = 640;
  const height = 260;
  const pad = { l: 60, r: 16, t: 12, b: 34 };
  const times = points.map((p) => new Date(p.createdAt).getTime());
  const [t0, t1] = [Math.min(...times), Math.max(...times) + 1];
  const metrics = points.map((p) => p.metric);
  let [m0, m1] = [Math.min(...metrics), Math.max(...metrics)];
  if (m0 === m1) [m0, m1] = [m0 - 1, m1 + 1];
  const x = (t) => pad.l + (((t - t0) / (t1 - t0)) * (width - pad.l - pad.r));
  const y = (m) => pad.t + ((1 - ((m - m0) / (m1 - m0))) * (height - pad.t - pad.b));
  const plot = svg('svg', { viewBox: `0 0 ${width} ${height}`, width: '100%', height, role: 'img', 'aria-label': `${metricName} of each run against its creation time` });
  plot.append(svg('line', { x1: pad.l, x2: pad.l, y1: pad.t, y2: height - pad.b, stroke: '#98a2b3' }),
    svg('line', { x1: pad.l, x2: width - pad.r, y1: height - pad.b, y2: height - pad.b, stroke: '#98a2b3' }));
  for (const [value, anchor] of [[m1, pad.t + 4], [m0, height - pad.b]]) {
    const label = svg('text', { x: pad.l - 6, y: anchor, 'text-anchor': 'end', class: 'pc-tick' });
    label.textContent = formatValue(value);
    plot.append(label);
  }
  for (const [t, anchor] of [[t0, 'start'], [t1, 'end']]) {
    const label = svg('text', { x: x(t), y: height - 10, 'text-anchor': anchor, class: 'pc-tick' });
    label.textContent = new Date(t).toLocaleTimeString();
    plot.append(label);
  }
  let best = null;
  points.forEach((p, i) => {
    best = best == null || (maximize ? p.metric > best : p.metric < best) ? p.metric : best;
    const dot = svg('circle', { cx: x(times[i]), cy: y(p.metric), r: 4, fill: p.metric === best ? '#175cd3' : '#98a2b3' },
      svg('title', {}, document.createTextNode(`${p.label}: ${formatValue(p.metric)}`)));
    plot.append(dot);
  });
  container.append(plot);
  return { element: container };
}
