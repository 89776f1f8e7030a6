import { url } from '../api.js';
import { el, replace, link } from '../dom.js';
import { isMedia } from '../media.js';
import { liveStatus, followChanges } from '../live.js';
import { runFilters } from '../workspace/run-filters.js';
import { runsTable, DEFAULT_COLUMNS } from '../workspace/runs-table.js';
import { bulkActions } from '../workspace/bulk-actions.js';
import { workspaceCharts } from '../workspace/workspace-charts.js';
import { workspaceMedia } from '../workspace/workspace-media.js';
import { workspaceViews } from '../workspace/workspace-views.js';
import { workspaceLayout } from '../workspace/workspace-layout.js';
import { runSetsBar } from '../workspace/run-sets.js';

const DEFAULT_SHOWN = 10;
/** At most one live refresh per this many milliseconds: a run logging every 100 ms costs no more than one every 2 s. */
const LIVE_INTERVAL_MS = 2000;

/** What the workspace shows: the table's page, sort and filters, the runs on the charts, the extra columns. */
function workspaceState() {
  return {
    order: '-created_at',
    search: '',
    runState: '',
    advanced: '',
    cursors: [null],
    page: 0,
    columns: DEFAULT_COLUMNS.map((c) => ({ ...c })), // the table's columns after the pinned name, in order
    filters: [], // the filter builder's filters: [{ field, label, op, value }]
    defaultShown: DEFAULT_SHOWN,
    shown: null, // Set of run names on the charts; null until the first page picks the default
    shownAuto: true, // the charts follow the table's first rows until the user picks runs
    selected: new Set(),
    known: new Map(), // run name → { node, config, summary }
    rows: [],
    total: 0,
    hasNext: false,
    metrics: [],
    systemMetrics: [],
    panels: null, // the user's panel layout (workspace/panel-layout.js); null while it follows the metrics
    runSets: [], // named, filtered groups of runs drawn beside the shown ones (workspace/run-sets.js)
    colors: {}, // run name → colour the user picked
    since: null, // the newest heartbeat seen: live refreshes ask only for runs that changed after it
    runsWidth: null, // the runs side panel's width in px; null for the default
  };
}

/** The config and summary fields the runs seen so far carry, for the filter builder. */
function fieldChoicesOf(state) {
  const config = new Set();
  const summary = new Set();
  for (const run of state.known.values()) {
    Object.keys(run.config).forEach((k) => config.add(k));
    Object.entries(run.summary).filter(([k, v]) => !k.startsWith('_') && (typeof v !== 'object' || v === null)).forEach(([k]) => summary.add(k));
  }
  return [...[...config].sort().map((k) => ({ key: `config.${k}`, label: `config.${k}` })),
    ...[...summary].sort().map((k) => ({ key: `summary_metrics.${k}`, label: `summary: ${k}` }))];
}

/** The buttons that choose which runs the charts show. */
function shownButtons(state, setShown) {
  const showTop = el('button', { type: 'button' }, `Show first ${DEFAULT_SHOWN}`);
  showTop.addEventListener('click', () => setShown(state.rows.slice(0, DEFAULT_SHOWN).map((r) => r.name)));
  const showSelected = el('button', { type: 'button' }, 'Show selected only');
  showSelected.addEventListener('click', () => setShown([...state.selected]));
  const hideAll = el('button', { type: 'button' }, 'Hide all');
  hideAll.addEventListener('click', () => setShown([]));
  return [showTop, showSelected, hideAll];
}

/** The project workspace: the runs table (paged on the server, sorted and filtered by the API) and the charts. */
export async function render(main, { entity, project, mode, group }, app) {
  document.title = `${project} · Orleans.Wandb`;
  const projectPath = `${encodeURIComponent(entity)}/${encodeURIComponent(project)}`;
  const state = workspaceState();
  const live = liveStatus();

  const charts = workspaceCharts(state, {
    entity, project, onColorsChanged: () => table.paintSwatches(), onSettingsChanged: () => views.changed(),
  });
  const views = workspaceViews(state, charts.settings, {
    entity, project, username: app.session?.username ?? 'anonymous',
    onApplied: () => {
      filters.setValues(state);
      layout.apply();
    },
  });
  const media = workspaceMedia(state, { entity, project });
  const runSets = runSetsBar(state, {
    entity, project,
    onChanged: () => {
      views.changed();
      charts.refresh();
    },
  });
  const bulk = bulkActions(state, {
    entity, project,
    onDone: async (names, deleted) => {
      if (deleted) {
        for (const name of names) {
          state.shown?.delete(name);
          state.known.delete(name);
        }
      }
      bulk.render();
      await table.load();
      if (deleted) await Promise.all([charts.refresh(), media.refresh()]);
    },
  });
  const table = runsTable(state, {
    entity, project,
    onColumnsChanged: () => views.changed(),
    onSelectionChanged: () => bulk.render(),
    onShownChanged: () => Promise.all([charts.refresh(), media.refresh()]),
    onFirstPage: () => Promise.all([charts.refresh(), media.refresh()]),
    onLoaded: () => {
      filters.refreshFields();
      views.changed();
    },
    onMissing: () => replace(main, el('h1', {}, 'Project not found'),
      el('p', {}, `There is no project ${entity}/${project}, or you may not see it. `, link('./', 'Back to projects.'))),
  });
  const filters = runFilters(({ search, runState, advanced, filters: built }) => {
    Object.assign(state, { search, runState, advanced, filters: built });
    table.reload();
  }, { fieldChoices });
  function fieldChoices() {
    return fieldChoicesOf(state);
  }
  const setShown = (names) => {
    state.shownAuto = false;
    state.shown = new Set(names);
    table.renderRows();
    charts.refresh();
    media.refresh();
  };

  // W&B's /table: the runs table over the whole page; the button switches between it and the workspace.
  const expand = el('button', { type: 'button', 'aria-pressed': String(mode === 'table') }, mode === 'table' ? 'Show panels' : 'Expand table');
  expand.addEventListener('click', () => {
    const expanded = expand.getAttribute('aria-pressed') !== 'true';
    expand.setAttribute('aria-pressed', String(expanded));
    expand.textContent = expanded ? 'Show panels' : 'Expand table';
    layout.setExpanded(expanded);
    history.replaceState(null, '', url(`${projectPath}/${expanded ? 'table' : 'workspace'}`) + location.search);
  });
  const layout = workspaceLayout(state, {
    runs: [
      el('div', { class: 'toolbar' }, el('h2', { id: 'runs-heading', class: 'grow' }, 'Runs ', table.countText), expand, table.columnsButton),
      el('div', { class: 'toolbar shown-buttons' }, shownButtons(state, setShown)),
      filters, table.picker, bulk.element, table.tableError,
      el('div', { class: 'table-scroll' }, table.table),
      el('div', { class: 'toolbar' }, table.pager)],
    panels: [
      el('section', { class: 'panel', 'aria-labelledby': 'charts-heading' },
        el('h2', { id: 'charts-heading', class: 'sr-only' }, 'Charts'), runSets.element, charts.elements),
      el('section', { class: 'panel', 'aria-labelledby': 'media-heading' },
        el('h2', { id: 'media-heading' }, 'Media'), media.element)],
    onResized: () => views.changed(),
  });

  replace(main,
    el('div', { class: 'workspace-crumbs' },
      el('div', { class: 'breadcrumbs' }, link('./', 'Projects'), ' / ', link(encodeURIComponent(entity), entity)),
      el('nav', { class: 'project-links', 'aria-label': 'Project' },
        link(`${projectPath}/overview`, 'Overview'),
        link(`${projectPath}/sweeps`, 'Sweeps'),
        link(`${projectPath}/reports`, 'Reports'),
        link(`${projectPath}/artifacts`, 'Artifacts'),
        link(`${projectPath}/settings`, 'Settings'))),
    el('div', { class: 'toolbar workspace-head' }, el('h1', {}, project, ' ', live.element), views.element),
    layout.element);
  layout.apply();
  layout.setExpanded(mode === 'table');

  // Live: a change of the project's run table fetches only the runs that changed, updates their rows in place and
  // appends their new points to the charts; media panels follow when a shown run that logs media changed.
  const close = followChanges(`api/live/projects/${projectPath}`, async () => {
    const changed = await table.refreshChanged();
    await charts.update(changed);
    const logsMedia = (name) => Object.values(state.known.get(name)?.summary ?? {}).some(isMedia);
    if (changed.some((name) => state.shown?.has(name) && logsMedia(name))) await media.refresh();
  }, live, { minInterval: LIVE_INTERVAL_MS });

  await views.load();
  if (group) {
    // W&B's /groups/{group}: the workspace over the runs of one group, without making that the user's default view.
    state.filters = [{ field: 'group', label: 'Group', op: '=', value: group }];
    filters.setValues(state);
    views.adopt();
  }
  await runSets.load();
  await table.load();
  return () => {
    close();
    charts.destroy();
  };
}
