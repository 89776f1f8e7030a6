// Custom charts: the wandb.plot.* charts (line, scatter, bar, histogram, line_series, confusion_matrix, pr_curve,
// roc_curve). The client logs each as a table (history key "{key}_table") and a panel in the run's config
// (_wandb.visualize.{key}: the preset id, which table column feeds which field, titles). The presets are Vega-Lite
// specs written here from those fields, drawn with vega-embed from npm. The table's rows come from the server's table
// pages. Drawing never runs code from the run: specs are ours, data are values, expressions are interpreted (ast) rather
// than compiled to functions, the loader refuses every URL, and tooltips escape HTML (vega-tooltip's sanitize).
import { request, parseLenient } from './api.js';
import { el, replace, errorBox } from './dom.js';
import { tableViewer } from './media-table.js';

/** The most rows a chart is drawn from (wandb.Table.MAX_ROWS, the most a wandb.plot table holds). */
const MAX_ROWS = 10_000;
const PAGE = 500;

let vegaEmbed = null;

/** Loads Vega, Vega-Lite and vega-embed once (their browser builds, served by this server). */
function loadVega() {
  if (!vegaEmbed) {
    const script = (name) => new Promise((resolve, reject) => {
      const node = el('script', { src: `static/vendor/${name}` });
      node.addEventListener('load', resolve);
      node.addEventListener('error', () => reject(new Error(`${name} could not be loaded`)));
      document.head.append(node);
    });
    vegaEmbed = script('vega.min.js').then(() => script('vega-lite.min.js')).then(() => script('vega-embed.min.js')).then(() => window.vegaEmbed);
  }
  return vegaEmbed;
}

/** A column name as a Vega-Lite field (dots and brackets in names are not paths). */
function field(name) {
  return String(name).replace(/([.[\]\\])/g, '\\$1');
}

const quantitative = (name, title) => ({ field: field(name), type: 'quantitative', title: title ?? name });
const nominal = (name, title) => ({ field: field(name), type: 'nominal', title: title ?? name });

/**
 * The presets the clients use (wandb/sdk plot/*.py: the preset id, the fields each fills), as Vega-Lite specs over
 * the table's rows: fields maps a preset field to a table column, strings holds titles.
 */
export const PRESETS = {
  'wandb/line/v0': (f) => ({
    mark: { type: 'line', point: false },
    encoding: { x: quantitative(f.x), y: quantitative(f.y), ...(f.stroke ? { color: nominal(f.stroke) } : {}) },
  }),
  'wandb/scatter/v0': (f) => ({
    mark: { type: 'point', filled: true },
    encoding: { x: quantitative(f.x), y: quantitative(f.y) },
  }),
  'wandb/bar/v0': (f) => ({
    mark: 'bar',
    encoding: { y: { ...nominal(f.label), sort: null }, x: quantitative(f.value) },
  }),
  'wandb/histogram/v0': (f) => ({
    mark: 'bar',
    encoding: { x: { ...quantitative(f.value), bin: { maxbins: 30 } }, y: { aggregate: 'count', type: 'quantitative', title: 'count' } },
  }),
  'wandb/lineseries/v0': (f, s) => ({
    mark: 'line',
    encoding: { x: quantitative(f.step, s.xname || 'x'), y: quantitative(f.lineVal, 'y'), color: nominal(f.lineKey, 'series') },
  }),
  'wandb/area-under-curve/v0': (f, s) => ({
    mark: { type: 'line', interpolate: 'linear' },
    encoding: {
      x: { ...quantitative(f.x, s['x-axis-title'] || f.x), scale: { domain: [0, 1] } },
      y: { ...quantitative(f.y, s['y-axis-title'] || f.y), scale: { domain: [0, 1] } },
      color: nominal(f.class),
    },
  }),
  'wandb/confusion_matrix/v1': (f) => ({
    encoding: { x: { ...nominal(f.Predicted ?? 'Predicted'), sort: null }, y: { ...nominal(f.Actual ?? 'Actual'), sort: null } },
    layer: [
      { mark: 'rect', encoding: { color: { ...quantitative(f.nPredictions ?? 'nPredictions'), scale: { scheme: 'blues' } } } },
      { mark: { type: 'text', fontSize: 12 }, encoding: { text: quantitative(f.nPredictions ?? 'nPredictions'), color: { condition: { test: `datum['${String(f.nPredictions ?? 'nPredictions').replace(/[\\']/g, '\\$&')}'] > 0`, value: '#0f172a' }, value: '#94a3b8' } } },
    ],
  }),
};

/** How the app names each preset in a collapsed panel's header. */
const PRESET_LABELS = {
  'wandb/line/v0': 'Line chart',
  'wandb/scatter/v0': 'Scatter plot',
  'wandb/bar/v0': 'Bar chart',
  'wandb/histogram/v0': 'Histogram',
  'wandb/lineseries/v0': 'Line series',
  'wandb/area-under-curve/v0': 'Curve',
  'wandb/confusion_matrix/v1': 'Confusion matrix',
};

/** A preset's name for people ("Line chart"), or its id for a preset that is not built in. */
export function presetLabel(presetId) {
  return PRESET_LABELS[presetId] ?? presetId;
}

/** The field that holds the run a row came from when several runs' tables are drawn as one chart. */
const RUN_FIELD = '__run';
const runColor = (domain, range) => ({ field: RUN_FIELD, type: 'nominal', title: 'run', scale: { domain, range }, legend: null });

/**
 * The presets whose chart can hold several runs at once, W&B's way of comparing runs in one custom chart: lines and
 * points in each run's colour, bars grouped per label with one bar per run. The others (a confusion matrix, curves per
 * class, a binned histogram, series per key) would mix runs into one meaningless drawing, so they stay one per run.
 */
const OVERLAYS = {
  'wandb/line/v0': (f, color) => ({
    mark: { type: 'line', point: false },
    encoding: { x: quantitative(f.x), y: quantitative(f.y), color, ...(f.stroke ? { strokeDash: nominal(f.stroke), detail: nominal(f.stroke) } : {}) },
  }),
  'wandb/scatter/v0': (f, color) => ({
    mark: { type: 'point', filled: true, opacity: 0.8 },
    encoding: { x: quantitative(f.x), y: quantitative(f.y), color },
  }),
  'wandb/bar/v0': (f, color) => ({
    mark: 'bar',
    encoding: { y: { ...nominal(f.label), sort: null }, yOffset: { field: RUN_FIELD, type: 'nominal', sort: null }, x: quantitative(f.value), color },
  }),
};

/** True when the preset's chart can overlay several runs. */
export function canOverlay(presetId) {
  return Object.hasOwn(OVERLAYS, presetId);
}

/** The custom charts a run's config holds (_wandb.visualize): [{ key, presetId, fields, strings, tableKey }]. */
export function customCharts(configJson) {
  const config = typeof configJson === 'string' ? parseLenient(configJson) : configJson;
  const wandb = config?._wandb?.value ?? config?._wandb ?? {};
  const charts = [];
  for (const [key, panel] of Object.entries(wandb.visualize ?? {})) {
    const settings = panel?.panel_config ?? {};
    if (panel?.panel_type !== 'Vega2' || typeof settings.panelDefId !== 'string') continue;
    // The table is the run's summary table named in the query the client wrote ("{key}_table", or under "Custom Chart Tables/").
    const tableKey = settings.userQuery?.queryFields?.[0]?.fields?.find((q) => q.name === 'summaryTable')?.args?.find((a) => a.name === 'tableKey')?.value ?? `${key}_table`;
    charts.push({ key, presetId: settings.panelDefId, fields: settings.fieldSettings ?? {}, strings: settings.stringSettings ?? {}, tableKey });
  }
  return charts.sort((a, b) => a.key.localeCompare(b.key));
}

/** All rows of a run's table value (up to MAX_ROWS), a page of the server's at a time. */
async function tableRows(ref, value, step) {
  const rows = [];
  let columns = [];
  for (let offset = 0; offset < MAX_ROWS; offset += PAGE) {
    const query = new URLSearchParams({ path: value.path, offset: String(offset), limit: String(PAGE) });
    if (typeof value.artifact_path === 'string') query.set('artifactPath', value.artifact_path);
    if (Number.isFinite(step)) query.set('step', String(step));
    const page = await request('GET', `api/v1/media/${[ref.entity, ref.project, ref.run].map(encodeURIComponent).join('/')}/table?${query}`);
    columns = page.columns;
    for (const row of page.rows) rows.push(Object.fromEntries(columns.map((c, i) => [c, row[i]])));
    if (offset + page.rows.length >= page.matchedRows) break;
  }
  return rows;
}

/** The Vega-Lite spec of one chart over several runs' rows (each row carrying its run's label in RUN_FIELD). */
export function overlaidChartSpec(chart, rows, runs, { height = 300 } = {}) {
  const overlay = OVERLAYS[chart.presetId];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: chart.strings.title || chart.key,
    width: 'container',
    height,
    autosize: { type: 'fit-x', contains: 'padding' },
    data: { values: rows },
    ...overlay(chart.fields, runColor(runs.map((r) => r.label), runs.map((r) => r.color))),
  };
}

/** The Vega-Lite spec of a chart over its rows, or null for a preset that is not built in. */
export function chartSpec(chart, rows, { height = 260 } = {}) {
  const preset = PRESETS[chart.presetId];
  if (!preset) return null;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: chart.strings.title || chart.key,
    width: 'container',
    height,
    autosize: { type: 'fit-x', contains: 'padding' },
    data: { values: rows },
    ...preset(chart.fields, chart.strings),
  };
}

/** A loader that refuses every URL: a spec drawn here reads nothing from anywhere. */
const noLoader = {
  load: () => Promise.reject(new Error('Custom charts load no URLs.')),
  sanitize: () => Promise.reject(new Error('Custom charts load no URLs.')),
  http: () => Promise.reject(new Error('Custom charts load no URLs.')),
  file: () => Promise.reject(new Error('Custom charts load no URLs.')),
};

/**
 * Draws `chart` of run `ref` from the table value logged at `step` into a new element: the Vega chart of a built-in
 * preset, or the table itself (with the preset named) for a preset of W&B's server this app does not have.
 */
export function customChartView(ref, chart, tableValue, step, { height } = {}) {
  const box = el('div', { class: 'custom-chart', 'data-preset': chart.presetId });
  if (!PRESETS[chart.presetId]) {
    const viewer = tableViewer({ kind: 'run', ref, value: tableValue, step });
    replace(box, el('p', { class: 'muted small' }, `The chart preset ${chart.presetId} is not built in; its table:`), viewer.element);
    viewer.load();
    return box;
  }
  replace(box, el('p', { class: 'muted small' }, 'Drawing…'));
  Promise.all([loadVega(), tableRows(ref, tableValue, step)]).then(async ([embed, rows]) => {
    const target = el('div', { class: 'vega-target' });
    replace(box, target);
    await embed(target, chartSpec(chart, rows, { height }), {
      actions: false, ast: true, renderer: 'svg', loader: noLoader, defaultStyle: false, tooltip: { theme: 'light' },
    });
    box.dataset.rendered = 'true';
  }).catch((e) => replace(box, errorBox(e)));
  return box;
}

/**
 * Draws `chart` once over several runs' tables (`series`: [{ ref, label, color, value, step }]), each run in its
 * colour, for the presets canOverlay allows. Labels that repeat get the run's name so that each run stays its own series.
 */
export function overlaidChartView(chart, series, { height } = {}) {
  const box = el('div', { class: 'custom-chart', 'data-preset': chart.presetId, 'data-overlaid': 'true' });
  const seen = new Map();
  const runs = series.map((s) => {
    const count = seen.get(s.label) ?? 0;
    seen.set(s.label, count + 1);
    return { ...s, label: count === 0 ? s.label : `${s.label} (${s.ref.run})` };
  });
  replace(box, el('p', { class: 'muted small' }, 'Drawing…'));
  Promise.all([loadVega(), Promise.all(runs.map((s) => tableRows(s.ref, s.value, s.step)))]).then(async ([embed, tables]) => {
    const rows = tables.flatMap((table, i) => table.map((row) => ({ ...row, [RUN_FIELD]: runs[i].label })));
    const target = el('div', { class: 'vega-target' });
    replace(box, target);
    await embed(target, overlaidChartSpec(chart, rows, runs, { height }), {
      actions: false, ast: true, renderer: 'svg', loader: noLoader, defaultStyle: false, tooltip: { theme: 'light' },
    });
    box.dataset.rendered = 'true';
  }).catch((e) => replace(box, errorBox(e)));
  return box;
}
