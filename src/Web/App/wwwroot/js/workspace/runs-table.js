// The workspace's runs table: one page of runs from the server (sorted and filtered by the API), the columns picker,
// the pager, and per row a selection box and the "shown on charts" toggle.
import { graphql } from '../api.js';
import { el, replace, link, timeEl, duration, formatValue, stateBadge, errorBox } from '../dom.js';
import { colorOf } from '../colors.js';
import { isMedia, mediaValue, runRef } from '../media.js';
import { chartedNames } from './run-sets.js';
import { RUN_FIELDS, runUserLabel, flatConfig, flatSummary, runtimeSeconds, buildFilters, orderKeyOf } from '../runs.js';

export const PAGE_SIZE = 100;

const RUNS_QUERY = `query WorkspaceRuns($entity: String!, $project: String!, $first: Int, $after: String, $order: String, $filters: JSONString) {
  project(name: $project, entityName: $entity) {
    name
    runCount(filters: $filters)
    runs(first: $first, after: $after, order: $order, filters: $filters) {
      edges { cursor node { ${RUN_FIELDS} } }
      pageInfo { endCursor hasNextPage }
    }
  }
}`;

// The rows of runs shown on the charts but not on the table's page.
const SHOWN_LIMIT = 500;
const BY_NAME_QUERY = `query WorkspaceShown($entity: String!, $project: String!, $filters: JSONString) {
  project(name: $project, entityName: $entity) { runs(first: ${SHOWN_LIMIT}, filters: $filters) { edges { node { ${RUN_FIELDS} } } } }
}`;

// Live: only the rows that changed since the newest heartbeat seen (and the runs still running on the page, whose
// crash shows no heartbeat), with the count of the whole filter.
const CHANGED_QUERY = `query WorkspaceChanges($entity: String!, $project: String!, $order: String, $filters: JSONString, $changed: JSONString) {
  project(name: $project, entityName: $entity) {
    runCount(filters: $filters)
    runs(first: ${PAGE_SIZE}, order: $order, filters: $changed) { edges { node { ${RUN_FIELDS} } } }
  }
}`;

/** The name column, pinned first; the others are the user's choice (state.columns), in their order. */
const NAME_COLUMN = { kind: 'name', label: 'Name' };
const BASE_COLUMNS = [
  { kind: 'state', label: 'State' },
  { kind: 'created', label: 'Created' },
  { kind: 'runtime', label: 'Runtime' },
  { kind: 'tags', label: 'Tags' },
  { kind: 'user', label: 'User' },
  { kind: 'group', label: 'Group' },
  { kind: 'jobType', label: 'Job type' },
];
/** The columns a workspace starts with. */
export const DEFAULT_COLUMNS = BASE_COLUMNS.map(({ kind }) => ({ kind }));

/** A column choice as the view saves it ({kind} or {kind, key}), or null when it is not one. */
export function columnChoice(value) {
  if (!value || typeof value !== 'object') return null;
  if (BASE_COLUMNS.some((c) => c.kind === value.kind)) return { kind: value.kind };
  if ((value.kind === 'config' || value.kind === 'summary') && typeof value.key === 'string' && value.key) return { kind: value.kind, key: value.key };
  return null;
}

function columnLabel(column) {
  if (column.kind === 'config') return `config.${column.key}`;
  if (column.kind === 'summary') return column.key;
  return BASE_COLUMNS.find((c) => c.kind === column.kind)?.label ?? column.kind;
}

const sameColumn = (a, b) => a.kind === b.kind && (a.key ?? null) === (b.key ?? null);

/**
 * The table over the workspace state. `onShownChanged()` runs when a row's chart toggle changes; `onFirstPage()`
 * after the first page arrived (it picked the default runs to show); `onMissing()` when the project does not exist;
 * `onLoaded()` after every page (a new sort or filter).
 */
export function runsTable(state, { entity, project, onShownChanged, onFirstPage, onMissing, onLoaded = () => {}, onColumnsChanged = () => {}, onSelectionChanged = () => {} }) {
  const countText = el('span', { 'data-testid': 'run-count' });
  const tableError = el('div');
  const thead = el('thead');
  const tbody = el('tbody');
  const pager = el('div', { class: 'pager' });
  const picker = el('div', { id: 'columns-picker', class: 'columns-picker', hidden: true, role: 'group', 'aria-label': 'Config and summary columns' });
  const runPath = (name) => `${encodeURIComponent(entity)}/${encodeURIComponent(project)}/runs/${encodeURIComponent(name)}`;

  function allColumns() {
    return [NAME_COLUMN, ...state.columns.map((c) => ({ ...c, label: columnLabel(c) }))];
  }

  function renderHeader() {
    const all = el('input', { type: 'checkbox', 'aria-label': 'Select all runs on this page',
      checked: state.rows.length > 0 && state.rows.every((r) => state.selected.has(r.name)) });
    all.addEventListener('change', () => {
      for (const run of state.rows) {
        if (all.checked) state.selected.add(run.name);
        else state.selected.delete(run.name);
      }
      for (const box of tbody.querySelectorAll('input[type=checkbox]')) box.checked = all.checked;
      onSelectionChanged();
    });
    const cells = [el('th', {}, all), el('th', {}, el('span', { class: 'sr-only' }, 'Shown on charts'))];
    for (const column of allColumns()) {
      const key = orderKeyOf(column);
      const numeric = column.kind === 'config' || column.kind === 'summary';
      if (!key) {
        cells.push(el('th', { class: numeric ? 'num' : null }, column.label));
        continue;
      }
      const active = state.order.replace(/^[+-]/, '') === key;
      const descending = state.order.startsWith('-');
      // The arrow is decoration (aria-sort says the same), so it stays out of the button's name.
      const button = el('button', { type: 'button', class: 'sort' }, column.label,
        el('span', { class: 'sort-ind', 'aria-hidden': 'true' }, active ? (descending ? '▼' : '▲') : '↕'));
      button.addEventListener('click', () => {
        state.order = active && !descending ? `-${key}` : active ? `+${key}` : `${column.kind === 'created' ? '-' : '+'}${key}`;
        resetPaging();
        load();
      });
      cells.push(el('th', { class: numeric ? 'num' : null, 'aria-sort': active ? (descending ? 'descending' : 'ascending') : 'none' }, button));
    }
    replace(thead, el('tr', {}, cells));
  }

  function cell(column, run) {
    const node = run.node;
    switch (column.kind) {
      case 'name':
        return el('td', { class: 'runname' }, link(runPath(node.name), node.displayName || node.name), el('span', { class: 'id' }, node.name));
      case 'state': return el('td', {}, stateBadge(node.state));
      case 'created': return el('td', {}, timeEl(node.createdAt));
      case 'runtime': return el('td', { class: 'num' }, duration(runtimeSeconds(node)));
      case 'tags': return el('td', {}, node.tags.map((t) => el('span', { class: 'tag' }, t)));
      case 'user': return el('td', { 'data-testid': 'run-user' }, runUserLabel(node));
      case 'group': return el('td', {}, node.group ?? '');
      case 'jobType': return el('td', {}, node.jobType ?? '');
      case 'config': return el('td', { class: 'num' }, formatValue(run.config[column.key]));
      case 'summary': {
        const value = run.summary[column.key];
        return el('td', { class: 'num' }, isMedia(value) ? mediaValue(runRef(entity, project, run.name), value, { size: 32 }) : formatValue(value));
      }
      default: return el('td');
    }
  }

  function renderRows() {
    const columns = allColumns();
    if (state.rows.length === 0) {
      replace(tbody, el('tr', {}, el('td', { colspan: String(columns.length + 2), class: 'empty' }, 'No runs match.')));
      return;
    }
    replace(tbody, state.rows.map((run) => row(run, columns)));
  }

  /** One run's row: selection box, chart toggle, the columns. */
  function row(run, columns) {
    const name = run.node.displayName || run.node.name;
    const select = el('input', { type: 'checkbox', checked: state.selected.has(run.name), 'aria-label': `Select ${name}` });
    select.addEventListener('change', () => {
      if (select.checked) state.selected.add(run.name);
      else state.selected.delete(run.name);
      onSelectionChanged();
    });
    const shown = state.shown.has(run.name);
    const eye = el('button', { type: 'button', class: 'eye', 'aria-pressed': String(shown), 'aria-label': `Show ${name} on charts`, title: shown ? 'Shown on charts' : 'Hidden from charts' },
      el('span', { class: 'swatch', style: `background:${swatchColor(run.name)}` }));
    eye.addEventListener('click', () => {
      state.shownAuto = false;
      if (state.shown.has(run.name)) state.shown.delete(run.name);
      else state.shown.add(run.name);
      renderRows();
      onShownChanged();
    });
    return el('tr', { 'data-run': run.name }, el('td', {}, select), el('td', {}, eye), columns.map((c) => cell(c, run)));
  }

  /** The colour of a run's line on the charts (the table's swatch matches it), or its own colour when not shown. */
  function swatchColor(name) {
    return state.lineColors?.get(name) ?? colorOf(name);
  }

  /** The swatches follow the charts' colours, in place (the rows and whatever the user is clicking stay). */
  function paintSwatches() {
    for (const tr of tbody.rows) {
      const swatch = tr.querySelector('button.eye .swatch');
      if (swatch && tr.dataset.run) swatch.style.background = swatchColor(tr.dataset.run);
    }
  }

  /** A changed run's cells, replaced one by one: the row, its boxes and whatever the user is clicking stay. */
  function updateRow(run) {
    const tr = [...tbody.rows].find((r) => r.dataset.run === run.name);
    if (!tr) return;
    const columns = allColumns();
    columns.forEach((column, i) => {
      const old = tr.cells[i + 2];
      const fresh = cell(column, run);
      if (old && old.textContent !== fresh.textContent) old.replaceWith(fresh);
    });
  }

  function toRun(node) {
    const run = { name: node.name, node, config: flatConfig(node.config), summary: flatSummary(node.summaryMetrics) };
    state.known.set(node.name, run);
    if (node.heartbeatAt && (!state.since || node.heartbeatAt > state.since)) state.since = node.heartbeatAt;
    return run;
  }

  function renderPager() {
    const first = state.page * PAGE_SIZE + 1;
    const last = state.page * PAGE_SIZE + state.rows.length;
    const prev = el('button', { type: 'button', disabled: state.page === 0 }, 'Previous');
    prev.addEventListener('click', () => {
      state.page--;
      load();
    });
    const next = el('button', { type: 'button', disabled: !state.hasNext }, 'Next');
    next.addEventListener('click', () => {
      state.page++;
      load();
    });
    replace(pager, prev, el('span', { 'aria-live': 'polite' }, state.rows.length ? `${first}–${last} of ${state.total}` : `0 of ${state.total}`), next);
    countText.textContent = `(${state.total})`;
  }

  /** The columns picker: the shown columns in order (move, hide), then every other column to add, findable by name. */
  function renderPicker() {
    const config = new Set();
    const summary = new Set();
    for (const { config: c, summary: s } of state.known.values()) {
      Object.keys(c).forEach((k) => config.add(k));
      Object.keys(s).filter((k) => !k.startsWith('_')).forEach((k) => summary.add(k));
    }
    const setColumns = (columns) => {
      state.columns = columns;
      renderHeader();
      renderRows();
      renderPicker();
      onColumnsChanged();
    };
    const move = (index, by) => {
      const columns = [...state.columns];
      const [column] = columns.splice(index, 1);
      columns.splice(index + by, 0, column);
      setColumns(columns);
      picker.querySelector(`[data-column-index="${index + by}"] button[data-move="${by}"]`)?.focus();
    };
    const shown = state.columns.map((column, i) => {
      const label = columnLabel(column);
      const left = el('button', { type: 'button', class: 'icon', 'data-move': '-1', disabled: i === 0, 'aria-label': `Move ${label} left`, title: 'Move left' }, '↑');
      left.addEventListener('click', () => move(i, -1));
      const right = el('button', { type: 'button', class: 'icon', 'data-move': '1', disabled: i === state.columns.length - 1, 'aria-label': `Move ${label} right`, title: 'Move right' }, '↓');
      right.addEventListener('click', () => move(i, 1));
      const hide = el('button', { type: 'button', class: 'icon', 'aria-label': `Hide ${label}`, title: 'Hide' }, '×');
      hide.addEventListener('click', () => setColumns(state.columns.filter((_, j) => j !== i)));
      return el('li', { 'data-column-index': String(i) }, el('span', { class: 'grow' }, label), left, right, hide);
    });
    const available = [
      ...BASE_COLUMNS.map(({ kind }) => ({ kind })),
      ...[...config].sort().map((key) => ({ kind: 'config', key })),
      ...[...summary].sort().map((key) => ({ kind: 'summary', key })),
    ].filter((c) => !state.columns.some((s) => sameColumn(s, c)));
    const find = el('input', { type: 'search', id: 'column-find', placeholder: 'Find a column', value: pickerFind, 'aria-label': 'Find a column' });
    const choices = el('ul', { class: 'plain column-choices', 'aria-label': 'Columns to add' });
    const renderChoices = () => {
      const needle = find.value.trim().toLowerCase();
      replace(choices, available.filter((c) => columnLabel(c).toLowerCase().includes(needle)).slice(0, 200).map((column) => {
        const label = columnLabel(column);
        const add = el('button', { type: 'button', class: 'link', 'aria-label': `Add column ${label}` }, `+ ${label}`);
        add.addEventListener('click', () => setColumns([...state.columns, column]));
        return el('li', {}, add);
      }));
    };
    find.addEventListener('input', () => {
      pickerFind = find.value;
      renderChoices();
    });
    renderChoices();
    const reset = el('button', { type: 'button' }, 'Default columns');
    reset.addEventListener('click', () => setColumns(DEFAULT_COLUMNS.map((c) => ({ ...c }))));
    replace(picker,
      el('h3', {}, 'Shown columns ', el('span', { class: 'muted small' }, '(Name stays first)')),
      el('ol', { class: 'plain column-order', 'aria-label': 'Shown columns' }, shown),
      el('h3', {}, 'Add a column'),
      find, choices,
      available.length === 0 ? el('p', { class: 'muted small' }, 'Every column is shown.') : null,
      el('div', { class: 'toolbar' }, reset));
  }
  let pickerFind = '';

  function resetPaging() {
    state.cursors = [null];
    state.page = 0;
  }

  // Only the newest request may render: a slow answer to an older sort or filter is dropped.
  let loading = null;
  async function load() {
    let filters;
    try {
      filters = buildFilters({ search: state.search, state: state.runState, advanced: state.advanced, filters: state.filters });
    } catch (e) {
      replace(tableError, errorBox(e));
      return;
    }
    const request = graphql(RUNS_QUERY, {
      entity, project, first: PAGE_SIZE, after: state.cursors[state.page] ?? null, order: state.order,
      filters: filters ? JSON.stringify(filters) : null,
    });
    loading = request;
    let data;
    try {
      data = await request;
    } catch (e) {
      if (loading === request) replace(tableError, errorBox(e));
      return;
    }
    if (loading !== request) return;
    replace(tableError);
    if (!data.project) {
      onMissing();
      return;
    }
    const connection = data.project.runs;
    state.rows = connection.edges.map(({ node }) => toRun(node));
    state.total = data.project.runCount;
    state.hasNext = connection.pageInfo.hasNextPage;
    state.cursors[state.page + 1] = connection.pageInfo.endCursor;
    const firstLoad = !state.loadedOnce;
    state.loadedOnce = true;
    // Until the user picks runs, the charts show the first rows of the table, as W&B does: a new run appears on them.
    let shownChanged = false;
    if (state.shown === null || state.shownAuto) {
      const top = state.rows.slice(0, state.defaultShown).map((r) => r.name);
      const differs = state.shown === null || top.length !== state.shown.size || top.some((n) => !state.shown.has(n));
      if (differs) state.shown = new Set(top);
      shownChanged = differs && !firstLoad;
    }
    renderHeader();
    renderRows();
    renderPager();
    if (!picker.hidden) renderPicker();
    onLoaded();
    if (firstLoad) await loadShownElsewhere();
    if (firstLoad) await onFirstPage();
    else if (shownChanged) await onShownChanged();
  }

  /**
   * A view (or a link) may show runs that are not on the table's page (older ones, another filter): their rows are
   * fetched by name so the charts can draw them too.
   */
  async function loadShownElsewhere() {
    const missing = [...(state.shown ?? [])].filter((name) => !state.known.has(name)).slice(0, SHOWN_LIMIT);
    if (missing.length === 0) return;
    try {
      const data = await graphql(BY_NAME_QUERY, { entity, project, filters: JSON.stringify({ name: { $in: missing } }) });
      for (const { node } of data.project?.runs?.edges ?? []) toRun(node);
    } catch {
      // The runs stay off the charts; the table still works.
    }
  }

  /**
   * Live: fetches only the runs that changed and updates their rows in place. Returns the names of the changed runs,
   * those on the table's page and those shown on the charts from elsewhere (a link's or a view's runs, older or
   * filtered out of the page). A new or vanished run (the filter's count moved) reloads the page instead, and then
   * every run on it counts as changed too.
   */
  async function refreshChanged() {
    if (!state.since) {
      await load();
      return state.rows.map((r) => r.name);
    }
    let filters;
    try {
      filters = buildFilters({ search: state.search, state: state.runState, advanced: state.advanced, filters: state.filters });
    } catch {
      return [];
    }
    // Runs still running get asked for by name as well: a crash shows no new heartbeat.
    const charted = chartedNames(state);
    const running = [...new Set([...state.rows.map((r) => r.name), ...charted])]
      .filter((name) => state.known.get(name)?.node.state === 'running');
    const recent = { $or: [{ heartbeatAt: { $gte: state.since } }, ...(running.length ? [{ name: { $in: running } }] : [])] };
    const shownElsewhere = charted.filter((name) => !state.rows.some((r) => r.name === name));
    // A shown run off the page changes whatever the table's filter: ask for it past the filter.
    const watched = filters ? (shownElsewhere.length ? { $or: [filters, { name: { $in: shownElsewhere } }] } : filters) : null;
    const changed = watched ? { $and: [watched, recent] } : recent;
    let data;
    try {
      data = await graphql(CHANGED_QUERY, {
        entity, project, order: state.order, filters: filters ? JSON.stringify(filters) : null, changed: JSON.stringify(changed),
      });
    } catch {
      return [];
    }
    if (!data.project) return [];
    const nodes = data.project.runs.edges.map((e) => e.node);
    const names = [];
    for (const node of nodes) {
      const before = state.known.get(node.name)?.node;
      if (before && before.heartbeatAt === node.heartbeatAt && before.state === node.state && before.summaryMetrics === node.summaryMetrics
        && before.config === node.config && before.displayName === node.displayName && String(before.tags) === String(node.tags)) continue;
      // A run neither on the page nor shown is not ours to follow (a new one moves the count and reloads below).
      if (!state.rows.some((r) => r.name === node.name) && !charted.includes(node.name)) {
        if (node.heartbeatAt && node.heartbeatAt > state.since) state.since = node.heartbeatAt;
        continue;
      }
      const run = toRun(node);
      state.rows = state.rows.map((r) => (r.name === run.name ? run : r));
      updateRow(run);
      names.push(run.name);
    }
    if (data.project.runCount !== state.total) {
      await load();
      return [...new Set([...state.rows.map((r) => r.name), ...names])];
    }
    return names;
  }

  const columnsButton = el('button', { type: 'button', 'aria-expanded': 'false', 'aria-controls': 'columns-picker' }, 'Columns');
  columnsButton.addEventListener('click', () => {
    picker.hidden = !picker.hidden;
    columnsButton.setAttribute('aria-expanded', String(!picker.hidden));
    if (!picker.hidden) renderPicker();
  });

  return {
    countText, columnsButton, picker, tableError, pager,
    table: el('table', { 'aria-labelledby': 'runs-heading', 'data-testid': 'runs-table' }, thead, tbody),
    load,
    refreshChanged,
    renderRows,
    paintSwatches,
    /** A new sort or filter starts again at the first page. */
    reload() {
      resetPaging();
      return load();
    },
  };
}
