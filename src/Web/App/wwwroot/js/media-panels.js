// Media panels: one panel per media key the shown runs logged into history, with one column per run and one step
// slider shared by the panel, as W&B's workspace shows them. Images come as server-side thumbnails; segmentation masks
// and bounding boxes are drawn over them with per-class toggles and a box score threshold; image lists are grids;
// histograms are drawn per step and over all steps as a heatmap.
import { graphql, parseLenient } from './api.js';
import { el, replace, errorBox } from './dom.js';
import { colorOf } from './colors.js';
import { fileUrl, thumbnailUrl, openImage, imagePaths, fitInto, mediaValue, isMedia } from './media.js';
import { tableViewer } from './media-table.js';
import { customCharts, customChartView, overlaidChartView, canOverlay, presetLabel } from './custom-charts.js';
import { PLAYER_KINDS, playerFor } from './media-players.js';

const SVG = 'http://www.w3.org/2000/svg';

/** The kinds a panel is made for; other media keys are listed with their latest value. */
const IMAGE_KINDS = new Set(['image-file', 'images/separated']);
const HISTOGRAM = 'histogram';
const TABLE = 'table-file';
// Tables an artifact composes of its other tables (wandb.JoinedTable, PartitionedTable): the history value names the
// artifact's file only (artifact_path), and the server pages the table it stands for.
const COMPOSED_TABLES = new Set(['joined-table', 'partitioned-table']);
/** True for a value the table viewer can page: a table file, or a joined or partitioned table inside an artifact. */
const isTableValue = (value) => (value?._type === TABLE && Boolean(value.path)) || (COMPOSED_TABLES.has(value?._type) && typeof value.artifact_path === 'string');
const CHART = 'custom-chart';

/** Distinct, readable colours per class id for masks and boxes. */
const CLASS_COLORS = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#42d4f4', '#f032e6', '#bfef45', '#fabed4', '#469990', '#dcbeff', '#9a6324', '#800000', '#aaffc3', '#808000', '#000075'];
export function classColor(id) {
  return CLASS_COLORS[Math.abs(Number(id)) % CLASS_COLORS.length];
}

/** Media keys of historyKeys answers: [{ key, kind }] sorted by key, the kind being the type most rows had. */
export function mediaKeys(historyKeysList) {
  const kinds = new Map();
  for (const keys of historyKeysList) {
    for (const [name, info] of Object.entries(keys?.keys ?? {})) {
      if (name.startsWith('_')) continue;
      for (const { type } of info?.typeCounts ?? []) {
        if (IMAGE_KINDS.has(type) || type === HISTOGRAM || type === TABLE || PLAYER_KINDS.has(type)) kinds.set(name, type);
        else if (COMPOSED_TABLES.has(type)) kinds.set(name, TABLE);
      }
    }
  }
  return [...kinds.entries()].map(([key, kind]) => ({ key, kind })).sort((a, b) => a.key.localeCompare(b.key));
}

/** Class labels the client logged into the run's config (_wandb: mask/class_labels, bounding_box/class_labels). */
export function classLabelsOf(configJson, key) {
  const config = parseLenient(configJson);
  const wandb = config?._wandb?.value ?? config?._wandb ?? {};
  const labels = {};
  for (const section of ['mask/class_labels', 'bounding_box/class_labels']) {
    for (const [name, entry] of Object.entries(wandb[section] ?? {})) {
      if (name.split('_wandb_delimeter_')[0] === key) Object.assign(labels, entry?.value ?? {});
    }
  }
  return labels;
}

/**
 * Loads, per run, the rows of each media key: one GraphQL request with a run field per run and one sampledHistory
 * spec per key. Answers Map(run name → { config, rows: Map(key → [{ step, value }]) }).
 */
async function loadRows(entity, project, runs, keys) {
  if (runs.length === 0 || keys.length === 0) return new Map();
  const variables = { entity, project, specs: keys.map((k) => JSON.stringify({ keys: ['_step', k.key], samples: 1000 })) };
  runs.forEach((r, i) => (variables[`n${i}`] = r.run));
  const query = `query MediaRows($entity: String!, $project: String!, $specs: [JSONString], ${runs.map((_, i) => `$n${i}: String!`).join(', ')}) {
    project(name: $project, entityName: $entity) { ${runs.map((_, i) => `r${i}: run(name: $n${i}) { config sampledHistory(specs: $specs) }`).join(' ')} }
  }`;
  const data = await graphql(query, variables);
  const answer = new Map();
  runs.forEach((r, i) => {
    const run = data.project?.[`r${i}`];
    const rows = new Map();
    keys.forEach((k, j) => {
      const list = (run?.sampledHistory?.[j] ?? [])
        .map((row) => ({ step: Number(row._step), value: row[k.key] }))
        .filter((row) => Number.isFinite(row.step) && isMedia(row.value))
        .sort((a, b) => a.step - b.step);
      rows.set(k.key, list);
    });
    answer.set(r.run, { config: run?.config, rows });
  });
  return answer;
}

/** The row of a run at the slider's step: the last one at or before it (W&B shows the nearest earlier step). */
function rowAt(rows, step) {
  let found = null;
  for (const row of rows) {
    if (row.step <= step) found = row;
    else break;
  }
  return found ?? rows[0] ?? null;
}

/** The boxes file of an image value, fetched once per path (JSON: {box_data: [...], class_labels: {...}}). */
const boxCache = new Map();
function loadBoxes(ref, path) {
  const key = `${ref.entity}/${ref.project}/${ref.run}/${path}`;
  if (!boxCache.has(key)) {
    boxCache.set(key, fetch(fileUrl(ref, path), { credentials: 'same-origin' }).then((r) => (r.ok ? r.json() : null)).catch(() => null));
  }
  return boxCache.get(key);
}

/**
 * One image with its masks and boxes drawn over it at the given display size. `filters` holds the hidden class ids
 * (per "mask:name"/"box:name" layer) and the minimum box score.
 */
export function overlaidImage(ref, value, { size, filters, labels, full = false }) {
  const fitted = fitInto(value.width, value.height, size) ?? { width: size, height: size };
  const src = full ? fileUrl(ref, value.path) : thumbnailUrl(ref, value.path, Math.min(1024, Math.max(16, size * 2)));
  const img = el('img', { src, alt: value.caption || value.path.split('/').pop(), style: `width:${fitted.width}px;height:${fitted.height}px`, class: 'thumb', loading: full ? null : 'lazy' });
  const stage = el('div', { class: 'overlay-stage', style: `width:${fitted.width}px;height:${fitted.height}px` }, img);

  for (const [name, mask] of Object.entries(value.masks ?? {})) {
    if (!mask?.path) continue;
    const canvas = el('canvas', { class: 'mask-layer', 'data-layer': `mask:${name}`, style: `width:${fitted.width}px;height:${fitted.height}px` });
    stage.append(canvas);
    drawMask(ref, mask.path, canvas, filters?.hidden?.get(`mask:${name}`) ?? new Set());
  }

  const boxesEntries = Object.entries(value.boxes ?? {});
  if (boxesEntries.length > 0) {
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('class', 'box-layer');
    svg.setAttribute('width', String(fitted.width));
    svg.setAttribute('height', String(fitted.height));
    stage.append(svg);
    for (const [name, boxes] of boxesEntries) {
      if (!boxes?.path) continue;
      loadBoxes(ref, boxes.path).then((json) => drawBoxes(svg, json, {
        width: fitted.width, height: fitted.height, imageWidth: value.width, imageHeight: value.height,
        hidden: filters?.hidden?.get(`box:${name}`) ?? new Set(), minScore: filters?.minScore ?? 0, labels: { ...labels, ...(json?.class_labels ?? {}) },
      }));
    }
  }
  return stage;
}

function drawMask(ref, path, canvas, hidden) {
  const image = new Image();
  image.addEventListener('load', () => {
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
    const context = canvas.getContext('2d', { willReadFrequently: true });
    context.drawImage(image, 0, 0);
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
    const data = pixels.data;
    const rgb = new Map();
    for (let i = 0; i < data.length; i += 4) {
      const id = data[i]; // the client writes class ids as a one-channel PNG: red carries the id
      if (id === 0 || hidden.has(String(id))) {
        data[i + 3] = 0;
        continue;
      }
      if (!rgb.has(id)) rgb.set(id, hexToRgb(classColor(id)));
      const [r, g, b] = rgb.get(id);
      data[i] = r;
      data[i + 1] = g;
      data[i + 2] = b;
      data[i + 3] = 110;
    }
    context.putImageData(pixels, 0, 0);
  });
  image.src = fileUrl(ref, path);
}

function hexToRgb(hex) {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Scores of a box: its first score (the client's `scores` map), or null. */
function scoreOf(box) {
  const values = Object.values(box?.scores ?? {}).map(Number).filter(Number.isFinite);
  return values.length ? values[0] : null;
}

function drawBoxes(svg, json, { width, height, imageWidth, imageHeight, hidden, minScore, labels }) {
  for (const box of json?.box_data ?? []) {
    const id = String(box.class_id);
    const score = scoreOf(box);
    if (hidden.has(id) || (score != null && score < minScore)) continue;
    const p = box.position ?? {};
    // Positions are fractions of the image unless the client said domain "pixel".
    const sx = box.domain === 'pixel' ? width / (imageWidth || width) : width;
    const sy = box.domain === 'pixel' ? height / (imageHeight || height) : height;
    let x0; let y0; let x1; let y1;
    if (p.minX != null) [x0, y0, x1, y1] = [p.minX, p.minY, p.maxX, p.maxY];
    else [x0, y0, x1, y1] = [p.middle[0] - p.width / 2, p.middle[1] - p.height / 2, p.middle[0] + p.width / 2, p.middle[1] + p.height / 2];
    const color = classColor(id);
    const rect = document.createElementNS(SVG, 'rect');
    rect.setAttribute('x', (x0 * sx).toFixed(1));
    rect.setAttribute('y', (y0 * sy).toFixed(1));
    rect.setAttribute('width', Math.max(1, (x1 - x0) * sx).toFixed(1));
    rect.setAttribute('height', Math.max(1, (y1 - y0) * sy).toFixed(1));
    rect.setAttribute('stroke', color);
    rect.setAttribute('data-class', id);
    svg.append(rect);
    const label = document.createElementNS(SVG, 'text');
    label.setAttribute('x', (x0 * sx + 2).toFixed(1));
    label.setAttribute('y', (y0 * sy + 10).toFixed(1));
    label.setAttribute('fill', color);
    label.textContent = `${box.box_caption ?? labels[id] ?? id}${score != null ? ` ${score.toFixed(2)}` : ''}`;
    svg.append(label);
  }
}

/** A histogram as bars (counts over bin edges) on a canvas-free SVG, in the run's colour. */
function histogramBars(value, color, { width = 240, height = 110 } = {}) {
  const counts = (value.values ?? []).map(Number);
  const bins = (value.bins ?? []).map(Number);
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height + 14));
  svg.setAttribute('viewBox', `0 0 ${width} ${height + 14}`);
  svg.setAttribute('class', 'histogram');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `Histogram of ${counts.length} bins`);
  const max = Math.max(1, ...counts);
  const w = width / Math.max(1, counts.length);
  counts.forEach((c, i) => {
    const h = (c / max) * height;
    const rect = document.createElementNS(SVG, 'rect');
    rect.setAttribute('x', (i * w).toFixed(2));
    rect.setAttribute('y', (height - h).toFixed(2));
    rect.setAttribute('width', Math.max(0.5, w - 0.5).toFixed(2));
    rect.setAttribute('height', h.toFixed(2));
    rect.setAttribute('fill', color);
    svg.append(rect);
  });
  for (const [x, anchor, text] of [[0, 'start', bins[0]], [width, 'end', bins[bins.length - 1]]]) {
    if (!Number.isFinite(text)) continue;
    const label = document.createElementNS(SVG, 'text');
    label.setAttribute('x', String(x));
    label.setAttribute('y', String(height + 12));
    label.setAttribute('text-anchor', anchor);
    label.textContent = String(+text.toPrecision(3));
    svg.append(label);
  }
  return svg;
}

/** The distribution over all steps: one column per logged step, bins on the value axis, darker where counts are higher. */
function histogramHeatmap(rows, color, { width = 240, height = 90 } = {}) {
  const canvas = el('canvas', { class: 'heatmap', width: String(width), height: String(height), role: 'img', 'aria-label': `Histogram over ${rows.length} steps` });
  const hists = rows.map((r) => r.value).filter((v) => Array.isArray(v.bins) && Array.isArray(v.values));
  if (hists.length === 0) return canvas;
  const lo = Math.min(...hists.map((h) => Number(h.bins[0])));
  const hi = Math.max(...hists.map((h) => Number(h.bins[h.bins.length - 1])));
  const context = canvas.getContext('2d');
  const [r, g, b] = hexToRgb(color);
  const columnWidth = width / hists.length;
  hists.forEach((h, i) => {
    const max = Math.max(1, ...h.values.map(Number));
    h.values.forEach((count, j) => {
      if (!(count > 0)) return;
      const y0 = height - ((Number(h.bins[j]) - lo) / (hi - lo || 1)) * height;
      const y1 = height - ((Number(h.bins[j + 1]) - lo) / (hi - lo || 1)) * height;
      context.fillStyle = `rgba(${r},${g},${b},${(0.15 + 0.85 * (count / max)).toFixed(3)})`;
      context.fillRect(i * columnWidth, y1, Math.ceil(columnWidth), Math.max(1, y0 - y1));
    });
  });
  return canvas;
}

/** The class toggles and score threshold of an image panel whose images carry masks or boxes. */
function overlayControls(layers, filters, labels, onChange) {
  if (layers.length === 0) return null;
  const box = el('div', { class: 'overlay-controls' });
  for (const layer of layers) {
    if (!filters.hidden.has(layer.id)) filters.hidden.set(layer.id, new Set());
    const hidden = filters.hidden.get(layer.id);
    const ids = [...layer.classes].sort((a, b) => Number(a) - Number(b));
    box.append(el('fieldset', { class: 'classes' }, el('legend', {}, `${layer.kind === 'mask' ? 'Mask' : 'Boxes'} ${layer.name}`),
      ids.map((id) => {
        const input = el('input', { type: 'checkbox', checked: !hidden.has(id), 'data-class': id });
        input.addEventListener('change', () => {
          if (input.checked) hidden.delete(id);
          else hidden.add(id);
          onChange();
        });
        return el('label', { class: 'class-toggle' }, input, el('span', { class: 'swatch', style: `background:${classColor(id)}` }), labels[id] ?? id);
      })));
  }
  if (layers.some((l) => l.kind === 'box')) {
    const output = el('output', {}, filters.minScore.toFixed(2));
    const range = el('input', { type: 'range', min: '0', max: '1', step: '0.05', value: String(filters.minScore), 'aria-label': 'Minimum box score' });
    range.addEventListener('input', () => {
      filters.minScore = Number(range.value);
      output.textContent = filters.minScore.toFixed(2);
      onChange();
    });
    box.append(el('label', { class: 'score' }, 'Box score ≥ ', range, output));
  }
  return box;
}

/**
 * The media section of a page: `render(runs)` with runs [{ entity, project, run, label, config? }] draws one panel per
 * media key those runs logged. Returns { element, render(runs, historyKeysList) }.
 */
export function mediaPanels({ entity, project, emptyText = 'The runs shown have logged no media: images, histograms, tables, audio, video, HTML or 3D objects.' }) {
  const element = el('div', { class: 'media-panels', 'data-testid': 'media-panels' });
  const panelState = new Map(); // key → { step, filters }
  let generation = 0;

  async function render(runs, historyKeysList) {
    const mine = ++generation;
    const keys = mediaKeys(historyKeysList);
    if (keys.length === 0 || runs.length === 0) {
      replace(element, el('p', { class: 'muted' }, emptyText));
      return;
    }
    let loaded;
    try {
      loaded = await loadRows(entity, project, runs, keys);
    } catch (e) {
      replace(element, errorBox(e));
      return;
    }
    if (mine !== generation) return;
    // Custom charts (wandb.plot.*) first, one panel per chart key any shown run's config holds, drawn from its table key.
    const charts = new Map();
    for (const r of runs) {
      for (const chart of customCharts(loaded.get(r.run)?.config ?? r.config)) if (!charts.has(chart.key)) charts.set(chart.key, chart);
    }
    replace(element, [...charts.values()].map((chart) => panel({ key: chart.key, kind: CHART, chart }, runs, loaded)), keys.map((k) => panel(k, runs, loaded)));
  }

  function panel({ key, kind, chart }, shownRuns, loaded) {
    // A custom chart's steps are those of its table.
    const dataKey = kind === CHART ? chart.tableKey : key;

    // One column per shown run that logged this key; the others are named once below the panel.
    const runs = shownRuns.filter((r) => (loaded.get(r.run)?.rows.get(dataKey) ?? []).length > 0);
    const without = shownRuns.length - runs.length;
    const steps = [...new Set(runs.flatMap((r) => (loaded.get(r.run)?.rows.get(dataKey) ?? []).map((row) => row.step)))].sort((a, b) => a - b);
    const stateKey = `${kind}:${key}`;
    // Tables and custom charts start collapsed to a header line: a workspace with many of them stays a page one can
    // scroll, and nothing is fetched for a table until it is opened.
    const collapsible = kind === TABLE || kind === CHART;
    if (!panelState.has(stateKey)) panelState.set(stateKey, { step: null, filters: { hidden: new Map(), minScore: 0 }, expanded: !collapsible });
    const state = panelState.get(stateKey);
    if (state.step == null || !steps.includes(state.step)) state.step = steps[steps.length - 1];
    const body = el('div', { class: kind === TABLE ? 'media-grid media-tables' : kind === 'html-file' || kind === 'object3D-file' ? 'media-grid media-wide' : 'media-grid' });
    const stepLabel = el('output', { class: 'step-label' });
    const slider = el('input', { type: 'range', min: '0', max: String(Math.max(0, steps.length - 1)), step: '1', value: String(Math.max(0, steps.indexOf(state.step))), 'aria-label': `Step of ${key}` });
    slider.disabled = steps.length <= 1;
    slider.addEventListener('input', () => {
      state.step = steps[Number(slider.value)];
      draw();
    });

    // Classes present in this key's masks and boxes, per layer, with the labels the client logged.
    const labels = {};
    const layers = new Map();
    for (const r of runs) {
      Object.assign(labels, classLabelsOf(loaded.get(r.run)?.config ?? r.config, key));
      for (const row of loaded.get(r.run)?.rows.get(key) ?? []) {
        for (const name of Object.keys(row.value.masks ?? {})) layers.set(`mask:${name}`, { id: `mask:${name}`, kind: 'mask', name, classes: new Set() });
        for (const name of Object.keys(row.value.boxes ?? {})) layers.set(`box:${name}`, { id: `box:${name}`, kind: 'box', name, classes: new Set() });
      }
    }
    for (const layer of layers.values()) Object.keys(labels).forEach((id) => layer.classes.add(id));
    const controls = kind === 'image-file' ? overlayControls([...layers.values()], state.filters, labels, () => draw()) : null;

    const refOf = (r) => ({ entity: r.entity ?? entity, project: r.project ?? project, run: r.run });

    function cell(r) {
      const rows = loaded.get(r.run)?.rows.get(dataKey) ?? [];
      const row = rowAt(rows, state.step);
      const ref = refOf(r);
      const head = el('div', { class: 'media-cell-head' }, el('span', { class: 'swatch', style: `background:${colorOf(r.run)}` }), el('span', { class: 'grow' }, r.label), row ? el('span', { class: 'muted small' }, `step ${row.step}`) : null);
      if (!row) return el('div', { class: 'media-cell', 'data-run': r.run }, head, el('p', { class: 'muted small' }, 'Not logged.'));
      const value = row.value;
      if (kind === CHART && value._type === TABLE && value.path) {
        return el('div', { class: 'media-cell chart-cell', 'data-run': r.run }, head, customChartView(ref, chart, value, row.step, { height: 260 }));
      }
      if (kind === TABLE && isTableValue(value)) {
        // Paged, sorted and filtered by the server; the step slider picks which logged table is shown.
        const viewer = tableViewer({ kind: 'run', ref, value, step: row.step }, { caption: `${key} of ${r.label} at step ${row.step}` });
        viewer.load();
        return el('div', { class: 'media-cell table-cell', 'data-run': r.run }, head, viewer.element);
      }
      if (kind === HISTOGRAM) {
        return el('div', { class: 'media-cell', 'data-run': r.run }, head, histogramBars(value, colorOf(r.run)), el('div', { class: 'muted small' }, 'All steps'), histogramHeatmap(rows, colorOf(r.run)));
      }
      if (value._type === 'images/separated') {
        const paths = imagePaths(value);
        return el('div', { class: 'media-cell', 'data-run': r.run }, head, el('div', { class: 'image-list' }, paths.map((p, i) => {
          const fitted = fitInto(value.width, value.height, 72);
          const img = el('img', { src: thumbnailUrl(ref, p, 144), alt: value.captions?.[i] || p.split('/').pop(), class: 'thumb', style: fitted ? `width:${fitted.width}px;height:${fitted.height}px` : 'max-width:72px', loading: 'lazy' });
          const button = el('button', { type: 'button', class: 'thumb-button', title: value.captions?.[i] ?? '' }, img);
          button.addEventListener('click', () => openImage(ref, p, value.captions?.[i]));
          return el('figure', {}, button, value.captions?.[i] ? el('figcaption', { class: 'small' }, value.captions[i]) : null);
        })));
      }
      if (PLAYER_KINDS.has(value._type) && typeof value.path === 'string') {
        return el('div', { class: 'media-cell', 'data-run': r.run }, head, playerFor(ref, value));
      }
      if (value._type === 'image-file' && value.path) {
        const button = el('button', { type: 'button', class: 'thumb-button', title: value.caption ?? '' }, overlaidImage(ref, value, { size: 220, filters: state.filters, labels }));
        button.addEventListener('click', () => openImage(ref, value.path, value.caption, overlaidImage(ref, value, { size: Math.min(720, window.innerWidth - 120), filters: state.filters, labels, full: true })));
        return el('div', { class: 'media-cell', 'data-run': r.run }, head, button, value.caption ? el('p', { class: 'caption small' }, value.caption) : null);
      }
      return el('div', { class: 'media-cell', 'data-run': r.run }, head, mediaValue(ref, value));
    }

    /** A chart whose preset can overlay runs (line, scatter, bar): one drawing, each run in its colour. */
    function overlaidCell() {
      const series = runs.map((r) => ({ r, row: rowAt(loaded.get(r.run)?.rows.get(dataKey) ?? [], state.step) }))
        .filter(({ row }) => row?.value?._type === TABLE && row.value.path)
        .map(({ r, row }) => ({ ref: refOf(r), label: r.label, color: colorOf(r.run), value: row.value, step: row.step }));
      const legend = el('div', { class: 'media-cell-head' }, series.map((s) => el('span', { class: 'legend-run' }, el('span', { class: 'swatch', style: `background:${s.color}` }), s.label)));
      return el('div', { class: 'media-cell chart-cell overlaid', 'data-runs': String(series.length) }, legend, overlaidChartView(chart, series, { height: 300 }));
    }

    /** The collapsed header's one line: rows and columns of the tables at the shown step, runs and steps. */
    function summaryText() {
      const values = runs.map((r) => rowAt(loaded.get(r.run)?.rows.get(dataKey) ?? [], state.step)?.value).filter(Boolean);
      const counts = [...new Set(values.map((v) => v.nrows).filter((n) => Number.isFinite(n)))].sort((a, b) => a - b);
      const columns = [...new Set(values.map((v) => v.ncols).filter((n) => Number.isFinite(n)))];
      const parts = [];
      if (kind === CHART) parts.push(presetLabel(chart.presetId));
      if (counts.length) parts.push(`${counts.length === 1 ? counts[0].toLocaleString() : `${counts[0].toLocaleString()}–${counts[counts.length - 1].toLocaleString()}`} row${counts.length === 1 && counts[0] === 1 ? '' : 's'}${columns.length === 1 ? ` × ${columns[0]} column${columns[0] === 1 ? '' : 's'}` : ''}`);
      parts.push(`${runs.length} run${runs.length === 1 ? '' : 's'}`);
      if (steps.length > 1) parts.push(`${steps.length} steps`);
      return parts.join(' · ');
    }

    const overlay = kind === CHART && runs.length > 1 && canOverlay(chart.presetId);
    const summary = el('span', { class: 'muted small panel-summary', 'data-testid': 'panel-summary' });
    function draw() {
      stepLabel.textContent = steps.length ? `step ${state.step} (${steps.indexOf(state.step) + 1} of ${steps.length})` : 'no steps';
      summary.textContent = summaryText();
      if (!state.expanded) {
        replace(body);
        return;
      }
      replace(body, overlay ? overlaidCell() : runs.map(cell));
    }

    const section = el('section', { class: kind === CHART ? 'panel custom-chart-panel' : 'panel media-panel', 'data-key': key, 'data-kind': kind, 'data-preset': chart?.presetId, 'aria-label': `${kind === CHART ? 'Custom chart' : 'Media'} ${key}` });
    let title = key;
    if (collapsible) {
      title = el('button', { type: 'button', class: 'panel-toggle', 'aria-expanded': String(state.expanded), title: state.expanded ? 'Collapse' : 'Expand' }, key);
      title.addEventListener('click', () => {
        state.expanded = !state.expanded;
        title.setAttribute('aria-expanded', String(state.expanded));
        title.title = state.expanded ? 'Collapse' : 'Expand';
        section.dataset.expanded = String(state.expanded);
        draw();
      });
      section.dataset.expanded = String(state.expanded);
    }
    draw();
    replace(section,
      el('div', { class: 'toolbar' }, el('h3', { class: 'grow' }, title), collapsible ? summary : null, el('label', { class: 'step-slider' }, 'Step ', slider), stepLabel),
      controls, body,
      without > 0 ? el('p', { class: 'muted small panel-without' }, `${without} of the ${shownRuns.length} runs shown did not log ${key}.`) : null);
    return section;
  }

  return { element, render };
}
