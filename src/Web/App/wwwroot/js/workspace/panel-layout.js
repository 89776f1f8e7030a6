// The workspace's panel layout as the view saves it: sections of panels. Until the user changes it, the layout follows
// the metrics logged (a section per prefix before '/', a panel per metric, a System section); the first change makes
// it the user's own (state.panels), and metrics logged later still get a panel in the section of their prefix unless
// the user deleted theirs. Pure functions over plain objects: no DOM here.
import { groupByPrefix } from '../charts.js';

export const LIMITS = { sections: 50, panels: 500, metrics: 50, text: 256 };
/** Panel widths (a third, two thirds, the whole row) and heights in px. */
export const WIDTHS = [1, 2, 3];
export const HEIGHTS = [160, 220, 320, 440];
export const DEFAULT_HEIGHT = 220;
export const SYSTEM_SECTION = 'System';

const text = (v, fallback = '') => (typeof v === 'string' ? v.slice(0, LIMITS.text) : fallback);
const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const bool = (v) => (typeof v === 'boolean' ? v : null);

let counter = 0;
/** A new id for a section or panel, unique in this layout. */
export function newId(prefix) {
  counter++;
  return `${prefix}${Date.now().toString(36)}${counter.toString(36)}`;
}

/** A regex the user typed, or null when it is empty or not a valid one. */
export function metricRegex(source) {
  if (!source) return null;
  try {
    return new RegExp(source);
  } catch {
    return null;
  }
}

/** One panel as saved in a view, its fields checked and bounded; null when it is not one. */
export function cleanPanel(value, kinds) {
  if (!value || typeof value !== 'object' || typeof value.id !== 'string' || !kinds.includes(value.kind)) return null;
  const metrics = Array.isArray(value.metrics) ? value.metrics.filter((m) => typeof m === 'string').slice(0, LIMITS.metrics).map((m) => text(m)) : [];
  return {
    id: text(value.id),
    kind: value.kind,
    title: text(value.title),
    metrics,
    regex: text(value.regex),
    stream: value.stream === 'events' ? 'events' : 'history',
    xAxis: typeof value.xAxis === 'string' && value.xAxis ? text(value.xAxis) : null,
    xMetric: text(value.xMetric),
    smoothingType: typeof value.smoothingType === 'string' ? text(value.smoothingType) : null,
    smoothing: num(value.smoothing),
    logX: bool(value.logX) ?? false,
    logY: bool(value.logY),
    yMin: num(value.yMin),
    yMax: num(value.yMax),
    width: WIDTHS.includes(value.width) ? value.width : 1,
    height: HEIGHTS.includes(value.height) ? value.height : DEFAULT_HEIGHT,
  };
}

/** A saved layout ({ sections, removed }) checked and bounded; null for none (the layout follows the metrics). */
export function cleanLayout(value, kinds) {
  if (!value || typeof value !== 'object' || !Array.isArray(value.sections)) return null;
  let budget = LIMITS.panels;
  const sections = value.sections.slice(0, LIMITS.sections).filter((s) => s && typeof s.id === 'string').map((s) => {
    const panels = (Array.isArray(s.panels) ? s.panels : []).map((p) => cleanPanel(p, kinds)).filter(Boolean).slice(0, Math.max(0, budget));
    budget -= panels.length;
    return { id: text(s.id), name: text(s.name, 'Section'), collapsed: s.collapsed === true, panels };
  });
  const removed = Array.isArray(value.removed) ? value.removed.filter((m) => typeof m === 'string').slice(0, LIMITS.panels) : [];
  return { sections, removed };
}

/** The panel of one metric, as the layout that follows the metrics makes it. */
function metricPanel(metric, stream) {
  return { ...cleanPanel({ id: `auto:${stream}:${metric}`, kind: 'line', metrics: [metric], stream }, ['line']), title: '' };
}

function sectionName(prefix) {
  return prefix === '' ? 'Charts' : prefix;
}

/** The layout that follows the metrics: a section per prefix, a panel per metric, then System. */
export function autoLayout(metrics, systemMetrics) {
  const sections = groupByPrefix(metrics).map(([prefix, names]) => ({
    id: `auto:${prefix}`, name: sectionName(prefix), collapsed: false, panels: names.map((m) => metricPanel(m, 'history')),
  }));
  if (systemMetrics.length > 0) {
    sections.push({ id: 'auto:system', name: SYSTEM_SECTION, collapsed: false, panels: systemMetrics.map((m) => metricPanel(m, 'events')) });
  }
  return { sections, removed: [] };
}

/** Does a panel already chart this metric (by name or by its regex)? */
function covers(panel, metric, stream) {
  if (panel.stream !== stream) return false;
  if (panel.metrics.includes(metric) || panel.xMetric === metric) return true;
  return metricRegex(panel.regex)?.test(metric) ?? false;
}

/**
 * The user's layout with a panel added for each metric no panel charts yet and the user did not delete, in the
 * section of its prefix (made at the end when there is none). Returns true when it added any.
 */
export function reconcile(layout, metrics, systemMetrics) {
  let added = false;
  const place = (metric, stream, name) => {
    if (layout.removed.includes(`${stream}:${metric}`)) return;
    if (layout.sections.some((s) => s.panels.some((p) => covers(p, metric, stream)))) return;
    let section = layout.sections.find((s) => s.name === name);
    if (!section) {
      if (layout.sections.length >= LIMITS.sections) return;
      section = { id: newId('s'), name, collapsed: false, panels: [] };
      layout.sections.push(section);
    }
    section.panels.push(metricPanel(metric, stream));
    added = true;
  };
  for (const [prefix, names] of groupByPrefix(metrics)) names.forEach((m) => place(m, 'history', sectionName(prefix)));
  systemMetrics.forEach((m) => place(m, 'events', SYSTEM_SECTION));
  return added;
}

/** The metrics a panel draws: those it names and those its regex matches, of its stream. */
export function panelMetrics(panel, metrics, systemMetrics) {
  const pool = panel.stream === 'events' ? systemMetrics : metrics;
  const pattern = metricRegex(panel.regex);
  const matched = pattern ? pool.filter((m) => pattern.test(m)) : [];
  return [...new Set([...panel.metrics, ...matched])].filter((m) => m !== panel.xAxis).slice(0, LIMITS.metrics);
}

/** The title a panel shows: the user's, or its metrics. */
export function panelTitle(panel, metrics) {
  if (panel.title) return panel.title;
  if (panel.kind === 'scatter') return `${panel.metrics[0] ?? '?'} vs ${panel.xMetric || '?'}`;
  if (metrics.length > 0) return metrics.join(', ');
  return panel.regex ? `/${panel.regex}/` : 'Empty panel';
}

/** Moves the panel `id` before the panel `beforeId` (or to the end of section `sectionId`). */
export function movePanel(layout, id, sectionId, beforeId = null) {
  const from = layout.sections.find((s) => s.panels.some((p) => p.id === id));
  const to = layout.sections.find((s) => s.id === sectionId);
  if (!from || !to || id === beforeId) return;
  const [panel] = from.panels.splice(from.panels.findIndex((p) => p.id === id), 1);
  const at = beforeId ? to.panels.findIndex((p) => p.id === beforeId) : -1;
  to.panels.splice(at < 0 ? to.panels.length : at, 0, panel);
}
