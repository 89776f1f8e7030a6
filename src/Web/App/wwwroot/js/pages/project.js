import { graphql, subscribe } from '../api.js';
import { el, replace, link, timeEl, duration, formatValue, stateBadge, errorBox } from '../dom.js';
import { colorOf } from '../colors.js';
import { RUN_FIELDS, runUserLabel, flatConfig, flatSummary, runtimeSeconds, buildFilters, orderKeyOf } from '../runs.js';
import { ChartPanel, chartControls, metricNames, X_AXES } from '../charts.js';

const PAGE_SIZE = 100;
const DEFAULT_SHOWN = 10;

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

/** The project workspace: the runs table (paged on the server, sorted and filtered by the API) and the charts. */
export async function render(main, { entity, project }) {
  document.title = `${project} · Orleans.Wandb`;
  const storageKey = `wandb.columns.${entity}/${project}`;
  const state = {
    order: '-created_at',
    search: '',
    runState: '',
    advanced: '',
    cursors: [null],
    page: 0,
    columns: JSON.parse(localStorage.getItem(storageKey) ?? '[]'),
    shown: null, // Set of run names on the charts; null until the first page picks the default
    selected: new Set(),
    known: new Map(), // run name → { node, config, summary }
    rows: [],
    total: 0,
    hasNext: false,
    metrics: [],
  };

  const liveDot = el('span', { class: 'live-dot', title: 'Live updates', 'aria-hidden': 'true' });
  const liveText = el('span', { class: 'muted small' }, 'connecting…');
  const countText = el('span', { 'data-testid': 'run-count' });
  const tableError = el('div');
  const thead = el('thead');
  const tbody = el('tbody');
  const pager = el('div', { class: 'pager' });
  const picker = el('div', { class: 'columns-picker', hidden: true, role: 'group', 'aria-label': 'Config and summary columns' });

  const search = el('input', { id: 'run-search', type: 'search', placeholder: 'Search run names', 'aria-describedby': 'search-help' });
  const stateSelect = el('select', { id: 'run-state' },
    ['', 'running', 'finished', 'failed', 'crashed', 'killed', 'preempted'].map((s) => el('option', { value: s }, s || 'Any state')));
  const advanced = el('input', { id: 'run-filter', type: 'text', size: '34', placeholder: '{"config.lr": {"$gt": 0.01}}', spellcheck: 'false' });
  const applyFilter = el('button', { type: 'submit' }, 'Apply');
  const filterForm = el('form', { class: 'toolbar', role: 'search', 'aria-label': 'Filter runs' },
    el('label', { for: 'run-search' }, 'Search', search),
    el('span', { id: 'search-help', class: 'sr-only' }, 'Matches run names and display names'),
    el('label', { for: 'run-state' }, 'State', stateSelect),
    el('label', { for: 'run-filter' }, 'Filter', advanced),
    applyFilter);
  let searchTimer = null;
  search.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => filterForm.requestSubmit(), 300);
  });
  stateSelect.addEventListener('change', () => filterForm.requestSubmit());
  filterForm.addEventListener('submit', (event) => {
    event.preventDefault();
    state.search = search.value;
    state.runState = stateSelect.value;
    state.advanced = advanced.value;
    resetPaging();
    loadTable();
  });

  const columnsButton = el('button', { type: 'button', 'aria-expanded': 'false', 'aria-controls': 'columns-picker' }, 'Columns');
  picker.id = 'columns-picker';
  columnsButton.addEventListener('click', () => {
    picker.hidden = !picker.hidden;
    columnsButton.setAttribute('aria-expanded', String(!picker.hidden));
    if (!picker.hidden) renderPicker();
  });
  const showTop = el('button', { type: 'button' }, `Show first ${DEFAULT_SHOWN}`);
  showTop.addEventListener('click', () => setShown(state.rows.slice(0, DEFAULT_SHOWN).map((r) => r.name)));
  const showSelected = el('button', { type: 'button' }, 'Show selected only');
  showSelected.addEventListener('click', () => setShown([...state.selected]));
  const hideAll = el('button', { type: 'button' }, 'Hide all');
  hideAll.addEventListener('click', () => setShown([]));

  const chartsContainer = el('div');
  const panel = new ChartPanel(chartsContainer, { emptyText: 'The runs shown have logged no numeric metrics yet.' });
  let controls = null;
  panel.onZoom = (min, max) => {
    panel.settings.xMin = min;
    panel.settings.xMax = max;
    if (controls) controls.reset.disabled = min == null;
    renderCharts();
  };
  const controlsSlot = el('div');

  replace(main,
    el('div', { class: 'breadcrumbs' }, link('./', 'Projects'), ' / ', link(encodeURIComponent(entity), entity)),
    el('div', { class: 'toolbar' },
      el('h1', { class: 'grow' }, project, ' ', el('span', { class: 'small muted' }, liveDot, liveText)),
      link(`${encodeURIComponent(entity)}/${encodeURIComponent(project)}/artifacts`, 'Artifacts'),
      link(`${encodeURIComponent(entity)}/${encodeURIComponent(project)}/settings`, 'Settings')),
    el('section', { class: 'panel', 'aria-labelledby': 'runs-heading' },
      el('div', { class: 'toolbar' }, el('h2', { id: 'runs-heading', class: 'grow' }, 'Runs ', countText), columnsButton, showTop, showSelected, hideAll),
      filterForm, picker, tableError,
      el('div', { class: 'table-scroll' }, el('table', { 'aria-labelledby': 'runs-heading', 'data-testid': 'runs-table' }, thead, tbody)),
      el('div', { class: 'toolbar' }, pager)),
    el('section', { class: 'panel', 'aria-labelledby': 'charts-heading' },
      el('h2', { id: 'charts-heading' }, 'Charts'), controlsSlot, chartsContainer));

  function resetPaging() {
    state.cursors = [null];
    state.page = 0;
  }

  function setShown(names) {
    state.shown = new Set(names);
    renderRows();
    refreshCharts();
  }

  function baseColumns() {
    return [
      { kind: 'name', label: 'Name' },
      { kind: 'state', label: 'State' },
      { kind: 'created', label: 'Created' },
      { kind: 'runtime', label: 'Runtime' },
      { kind: 'tags', label: 'Tags' },
      { kind: 'user', label: 'User' },
      { kind: 'group', label: 'Group' },
      { kind: 'jobType', label: 'Job type' },
    ];
  }

  function allColumns() {
    return [...baseColumns(), ...state.columns.map((c) => ({ ...c, label: c.kind === 'config' ? `config.${c.key}` : c.key }))];
  }

  function renderHeader() {
    const cells = [el('th', {}, el('span', { class: 'sr-only' }, 'Select')), el('th', {}, el('span', { class: 'sr-only' }, 'Shown on charts'))];
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
        loadTable();
      });
      cells.push(el('th', { class: numeric ? 'num' : null, 'aria-sort': active ? (descending ? 'descending' : 'ascending') : 'none' }, button));
    }
    replace(thead, el('tr', {}, cells));
  }

  function cell(column, run) {
    const node = run.node;
    switch (column.kind) {
      case 'name':
        return el('td', { class: 'runname' },
          link(`${encodeURIComponent(entity)}/${encodeURIComponent(project)}/runs/${encodeURIComponent(node.name)}`, node.displayName || node.name),
          el('span', { class: 'id' }, node.name));
      case 'state': return el('td', {}, stateBadge(node.state));
      case 'created': return el('td', {}, timeEl(node.createdAt));
      case 'runtime': return el('td', { class: 'num' }, duration(runtimeSeconds(node)));
      case 'tags': return el('td', {}, node.tags.map((t) => el('span', { class: 'tag' }, t)));
      case 'user': return el('td', { 'data-testid': 'run-user' }, runUserLabel(node));
      case 'group': return el('td', {}, node.group ?? '');
      case 'jobType': return el('td', {}, node.jobType ?? '');
      case 'config': return el('td', { class: 'num' }, formatValue(run.config[column.key]));
      case 'summary': return el('td', { class: 'num' }, formatValue(run.summary[column.key]));
      default: return el('td');
    }
  }

  function renderRows() {
    const columns = allColumns();
    if (state.rows.length === 0) {
      replace(tbody, el('tr', {}, el('td', { colspan: String(columns.length + 2), class: 'empty' }, 'No runs match.')));
      return;
    }
    replace(tbody, state.rows.map((run) => {
      const name = run.node.displayName || run.node.name;
      const select = el('input', { type: 'checkbox', checked: state.selected.has(run.name), 'aria-label': `Select ${name}` });
      select.addEventListener('change', () => (select.checked ? state.selected.add(run.name) : state.selected.delete(run.name)));
      const shown = state.shown.has(run.name);
      const eye = el('button', { type: 'button', class: 'eye', 'aria-pressed': String(shown), 'aria-label': `Show ${name} on charts`, title: shown ? 'Shown on charts' : 'Hidden from charts' },
        el('span', { class: 'swatch', style: `background:${colorOf(run.name)}` }));
      eye.addEventListener('click', () => {
        if (state.shown.has(run.name)) state.shown.delete(run.name);
        else state.shown.add(run.name);
        renderRows();
        refreshCharts();
      });
      return el('tr', { 'data-run': run.name }, el('td', {}, select), el('td', {}, eye), columns.map((c) => cell(c, run)));
    }));
  }

  function renderPager() {
    const first = state.page * PAGE_SIZE + 1;
    const last = state.page * PAGE_SIZE + state.rows.length;
    const prev = el('button', { type: 'button', disabled: state.page === 0 }, 'Previous');
    prev.addEventListener('click', () => {
      state.page--;
      loadTable();
    });
    const next = el('button', { type: 'button', disabled: !state.hasNext }, 'Next');
    next.addEventListener('click', () => {
      state.page++;
      loadTable();
    });
    replace(pager, prev, el('span', { 'aria-live': 'polite' }, state.rows.length ? `${first}–${last} of ${state.total}` : `0 of ${state.total}`), next);
    countText.textContent = `(${state.total})`;
  }

  function renderPicker() {
    const config = new Set();
    const summary = new Set();
    for (const { config: c, summary: s } of state.known.values()) {
      Object.keys(c).forEach((k) => config.add(k));
      Object.keys(s).filter((k) => !k.startsWith('_')).forEach((k) => summary.add(k));
    }
    const option = (kind, key) => {
      const id = `col-${kind}-${key}`;
      const box = el('input', { type: 'checkbox', id, checked: state.columns.some((c) => c.kind === kind && c.key === key) });
      box.addEventListener('change', () => {
        state.columns = box.checked ? [...state.columns, { kind, key }] : state.columns.filter((c) => !(c.kind === kind && c.key === key));
        localStorage.setItem(storageKey, JSON.stringify(state.columns));
        renderHeader();
        renderRows();
      });
      return el('label', { for: id }, box, kind === 'config' ? `config.${key}` : `summary: ${key}`);
    };
    replace(picker,
      [...config].sort().map((k) => option('config', k)),
      [...summary].sort().map((k) => option('summary', k)),
      config.size + summary.size === 0 ? el('span', { class: 'muted' }, 'No config or summary values yet.') : null);
  }

  let loading = null;
  async function loadTable() {
    let filters;
    try {
      filters = buildFilters({ search: state.search, state: state.runState, advanced: state.advanced });
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
      replace(main, el('h1', {}, 'Project not found'), el('p', {}, `There is no project ${entity}/${project}, or you may not see it. `, link('./', 'Back to projects.')));
      return;
    }
    const connection = data.project.runs;
    state.rows = connection.edges.map(({ node }) => {
      const run = { name: node.name, node, config: flatConfig(node.config), summary: flatSummary(node.summaryMetrics) };
      state.known.set(node.name, run);
      return run;
    });
    state.total = data.project.runCount;
    state.hasNext = connection.pageInfo.hasNextPage;
    state.cursors[state.page + 1] = connection.pageInfo.endCursor;
    const firstLoad = state.shown === null;
    if (firstLoad) state.shown = new Set(state.rows.slice(0, DEFAULT_SHOWN).map((r) => r.name));
    renderHeader();
    renderRows();
    renderPager();
    if (!picker.hidden) renderPicker();
    if (firstLoad) await refreshCharts();
  }

  function groupChoices() {
    const keys = new Set();
    for (const run of state.known.values()) Object.keys(run.config).forEach((k) => keys.add(k));
    return [{ key: 'group', label: 'Group' }, { key: 'jobType', label: 'Job type' }, ...[...keys].sort().map((k) => ({ key: `config.${k}`, label: `config.${k}` }))];
  }

  function groupValue(run) {
    const by = panel.settings.groupBy;
    if (!by) return null;
    if (by === 'group') return run.node.group;
    if (by === 'jobType') return run.node.jobType;
    const value = run.config[by.slice('config.'.length)];
    return value == null ? null : formatValue(value);
  }

  function chartRuns() {
    return [...state.shown].map((name) => state.known.get(name)).filter(Boolean).map((run) => ({
      entity, project, run: run.name, label: run.node.displayName || run.name, group: groupValue(run),
    }));
  }

  async function loadMetrics(names) {
    if (names.length === 0) return [];
    const variables = { entity, project };
    names.forEach((n, i) => (variables[`n${i}`] = n));
    const query = `query Keys($entity: String!, $project: String!, ${names.map((_, i) => `$n${i}: String!`).join(', ')}) {
      project(name: $project, entityName: $entity) { ${names.map((_, i) => `r${i}: run(name: $n${i}) { historyKeys }`).join(' ')} }
    }`;
    const data = await graphql(query, variables);
    return metricNames(names.map((_, i) => data.project?.[`r${i}`]?.historyKeys));
  }

  function renderControls() {
    const metricAxes = state.metrics.map((m) => ({ key: m, label: m }));
    controls = chartControls(panel, { xChoices: [...X_AXES, ...metricAxes], groupChoices: groupChoices(), onChange: () => renderCharts() });
    replace(controlsSlot, controls.element);
  }

  async function renderCharts() {
    await panel.render(chartRuns(), state.metrics.filter((m) => m !== panel.settings.xAxis));
  }

  async function refreshCharts() {
    try {
      state.metrics = await loadMetrics(chartRuns().map((r) => r.run));
    } catch (e) {
      replace(chartsContainer, errorBox(e));
      return;
    }
    renderControls();
    await renderCharts();
  }

  // Live: every change of the project's run table refreshes the table page and the charts, one refresh at a time.
  let busy = false;
  let again = false;
  async function onChange() {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    try {
      do {
        again = false;
        await loadTable();
        state.metrics = await loadMetrics(chartRuns().map((r) => r.run)).catch(() => state.metrics);
        await renderCharts();
      } while (again);
    } finally {
      busy = false;
    }
  }
  const close = subscribe(`api/live/projects/${encodeURIComponent(entity)}/${encodeURIComponent(project)}`, onChange, (on) => {
    liveDot.classList.toggle('on', on);
    liveText.textContent = on ? 'live' : 'reconnecting…';
  });

  await loadTable();
  return () => {
    close();
    panel.destroy();
  };
}
