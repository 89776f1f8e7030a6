import { graphql, request, url, parseLenient } from '../api.js';
import { el, replace, link, timeEl, duration, formatValue, stateBadge, errorBox, bytes } from '../dom.js';
import { ansiToNodes } from '../ansi.js';
import { flatConfig, flatSummary, runtimeSeconds, runUserLabel } from '../runs.js';
import { ChartPanel, chartControls, metricNames, X_AXES } from '../charts.js';
import { versionPath, aliasTags } from '../artifact-links.js';
import { liveStatus, followChanges } from '../live.js';
import { valueNode, runRef, fileUrl } from '../media.js';
import { mediaPanels } from '../media-panels.js';
import { fileBrowser } from '../file-browser.js';
import { ALERT_FIELDS, alertList } from '../alerts.js';

const RUN_QUERY = `query RunPage($entity: String!, $project: String!, $name: String!) {
  project(name: $project, entityName: $entity) {
    run(name: $name) {
      name displayName state createdAt heartbeatAt host commit notes tags group jobType exitcode
      config summaryMetrics systemMetrics historyKeys
      runInfo { program args git { remote commit } }
      user { username }
      forUser { username }
      files(first: 10000) { edges { node { name sizeBytes updatedAt } } }
      alerts(first: 50) { ${ALERT_FIELDS} }
    }
  }
}`;

const UPDATE_MUTATION = `mutation UpdateRun($entity: String!, $project: String!, $name: String!, $tags: [String], $notes: String) {
  upsertBucket(input: { entityName: $entity, modelName: $project, name: $name, tags: $tags, notes: $notes }) {
    bucket { name tags notes }
  }
}`;

const ARTIFACT_FIELDS = `id versionIndex size fileCount createdAt aliases { alias } artifactType { name }
  artifactSequence { name project { name entityName } }`;

const ARTIFACTS_QUERY = `query RunArtifacts($entity: String!, $project: String!, $name: String!) {
  project(name: $project, entityName: $entity) {
    run(name: $name) {
      outputArtifacts(first: 500) { totalCount edges { node { ${ARTIFACT_FIELDS} } } }
      inputArtifacts(first: 500) { totalCount edges { node { ${ARTIFACT_FIELDS} } } }
    }
  }
}`;

/** The client's wandb-metadata.json (host, OS, Python, hardware, command, git) is read once, at most this big. */
const METADATA_MAX_BYTES = 1024 * 1024;

/** A browsable https address of a git remote and commit (GitHub, GitLab, Bitbucket and alike), or null. */
export function commitLink(remote, commit) {
  if (!remote || !commit || !/^[0-9a-f]{7,40}$/i.test(commit)) return null;
  let web = remote.trim().replace(/\.git$/, '');
  const ssh = /^(?:ssh:\/\/)?git@([^:/]+)[:/](.+)$/.exec(web);
  if (ssh) web = `https://${ssh[1]}/${ssh[2]}`;
  web = web.replace(/^https?:\/\/[^@/]+@/, 'https://');
  if (!/^https:\/\/[^/]+\/.+/.test(web)) return null;
  return `${web}/commit/${commit}`;
}

/** What the run's metadata says, whichever client wrote it (0.16's snake_case or the Go core's camelCase). */
function readMetadata(meta) {
  const pick = (...keys) => keys.map((k) => meta?.[k]).find((v) => v != null && v !== '');
  const gpus = pick('gpu_devices', 'gpuNvidia') ?? [];
  // The Python client (0.16) writes memory and disk totals in GB, wandb-core (0.2x) in bytes. No machine has less than
  // a MiB of either or more than a million GB, so the size of the number says which it is.
  const gigabytes = (total) => (total == null || !Number.isFinite(Number(total)) ? null
    : Number(total) >= 2 ** 20 ? Number(total) / 1024 ** 3 : Number(total));
  const memory = pick('memory');
  const disk = pick('disk');
  const root = disk?.['/'] ?? Object.values(disk ?? {})[0];
  return {
    os: pick('os'),
    python: pick('python'),
    executable: pick('executable'),
    program: pick('program', 'codePath'),
    args: Array.isArray(meta?.args) ? meta.args : null,
    startedAt: pick('startedAt'),
    host: pick('host'),
    username: pick('username', 'email'),
    cpus: pick('cpu_count', 'cpuCount'),
    logicalCpus: pick('cpu_count_logical', 'cpuCountLogical'),
    gpu: pick('gpu') ?? (Array.isArray(gpus) && gpus[0]?.name),
    gpuCount: pick('gpu_count', 'gpuCount') ?? (Array.isArray(gpus) && gpus.length ? gpus.length : null),
    cuda: pick('cuda', 'cudaVersion'),
    memoryGb: gigabytes(memory?.total),
    diskGb: gigabytes(root?.total),
    docker: pick('docker'),
    gitRemote: meta?.git?.remote ?? meta?.git?.remoteUrl ?? null,
    gitCommit: meta?.git?.commit ?? null,
  };
}

const TABS = ['Overview', 'Charts', 'Media', 'System', 'Logs', 'Files', 'Artifacts'];
/** Each tab's path segment, as W&B names them (/runs/{id}/logs); W&B calls the run's charts its workspace. */
const TAB_PATHS = { Overview: 'overview', Charts: 'workspace', Media: 'media', System: 'system', Logs: 'logs', Files: 'files', Artifacts: 'artifacts' };

/** The tab a path segment (or the older ?tab= name) opens. */
function tabOf(segment, query) {
  if (segment === 'charts') return 'Charts';
  const fromPath = Object.keys(TAB_PATHS).find((t) => TAB_PATHS[t] === segment);
  if (fromPath) return fromPath;
  return TABS.includes(query) ? query : 'Overview';
}

/** One run: overview (editable tags and notes), its charts, system metrics, console logs that follow live, files. */
export async function render(main, { entity, project, run: runName, tab }) {
  document.title = `${runName} · ${project} · Orleans.Wandb`;
  let run = await load();
  if (!run) {
    replace(main, el('h1', {}, 'Run not found'), el('p', {}, `There is no run ${runName} in ${entity}/${project}. `, link(`${encodeURIComponent(entity)}/${encodeURIComponent(project)}`, 'Back to the project.')));
    return null;
  }

  const ref = runRef(entity, project, runName);
  const runPath = `${encodeURIComponent(entity)}/${encodeURIComponent(project)}/${encodeURIComponent(runName)}`;
  const live = liveStatus();
  const title = el('h1', {});
  const tabButtons = [];
  const panels = {};
  const tablist = el('div', { role: 'tablist', 'aria-label': 'Run sections' });
  let active = tabOf(tab, new URLSearchParams(location.search).get('tab'));

  for (const name of TABS) {
    const id = name.toLowerCase();
    const button = el('button', { type: 'button', role: 'tab', id: `tab-${id}`, 'aria-controls': `panel-${id}`, 'aria-selected': String(name === active), tabindex: name === active ? '0' : '-1' }, name);
    button.addEventListener('click', () => select(name));
    button.addEventListener('keydown', (event) => {
      const i = TABS.indexOf(name);
      if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
        event.preventDefault();
        const next = TABS[(i + (event.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length];
        select(next);
        tabButtons[TABS.indexOf(next)].focus();
      }
    });
    tabButtons.push(button);
    tablist.append(button);
    panels[name] = el('section', { role: 'tabpanel', id: `panel-${id}`, 'aria-labelledby': `tab-${id}`, hidden: name !== active, tabindex: '0' });
  }

  // Overview
  const facts = el('dl', { class: 'facts' });
  const tagsEditor = el('div', { class: 'tags-editor' });
  const notes = el('textarea', { id: 'run-notes', rows: '3' });
  const notesStatus = el('span', { class: 'muted small', 'aria-live': 'polite' });
  const saveNotes = el('button', { type: 'button' }, 'Save notes');
  saveNotes.addEventListener('click', async () => {
    try {
      await update({ notes: notes.value });
      notesStatus.textContent = 'Saved.';
    } catch (e) {
      notesStatus.textContent = e.message;
    }
  });
  const configTable = el('tbody');
  const summaryTable = el('tbody');
  const alertsBox = el('div');
  panels.Overview.append(
    el('div', { class: 'two-col' },
      el('div', { class: 'panel' }, el('h2', {}, 'Overview'), facts,
        el('h3', {}, 'Tags'), tagsEditor,
        el('h3', {}, el('label', { for: 'run-notes' }, 'Notes')), notes, el('div', { class: 'toolbar' }, saveNotes, notesStatus)),
      el('div', {},
        el('div', { class: 'panel' }, el('h2', {}, 'Config'), el('table', { class: 'kv', 'data-testid': 'config' }, configTable)),
        el('div', { class: 'panel' }, el('h2', {}, 'Summary'), el('table', { class: 'kv', 'data-testid': 'summary' }, summaryTable)))),
    el('section', { class: 'panel', 'aria-labelledby': 'run-alerts-heading' }, el('h2', { id: 'run-alerts-heading' }, 'Alerts'), alertsBox));

  // Charts and system metrics
  const chartsBox = el('div');
  const charts = new ChartPanel(chartsBox);
  const chartsControlsSlot = el('div');
  panels.Charts.append(el('div', { class: 'panel' }, chartsControlsSlot, chartsBox));
  const systemBox = el('div');
  const system = new ChartPanel(systemBox, { stream: 'events', emptyText: 'No system metrics were recorded for this run.' });
  const systemControlsSlot = el('div');
  panels.System.append(el('div', { class: 'panel' }, systemControlsSlot, systemBox));
  for (const panel of [charts, system]) {
    panel.onZoom = (min, max) => {
      panel.settings.xMin = min;
      panel.settings.xMax = max;
      renderTab(active);
    };
  }

  // Media: one panel per image or histogram key, a step slider each.
  const media = mediaPanels({ entity, project, emptyText: 'This run has logged no images, histograms or tables.' });
  panels.Media.append(media.element);

  // Logs
  const logs = el('div', { class: 'logs', role: 'log', 'aria-label': 'Console output', tabindex: '0', 'data-testid': 'logs' });
  const follow = el('input', { type: 'checkbox', id: 'follow-logs', checked: true });
  const logsInfo = el('span', { class: 'muted small' });
  // Search: lines that do not contain the text (case-insensitive) are hidden; their numbers stay, as W&B's do.
  const logSearch = el('input', { type: 'search', id: 'log-search', placeholder: 'Search logs', maxlength: '200' });
  const logMatches = el('span', { class: 'muted small', role: 'status' });
  const lineMatches = (line) => !logSearch.value || line.textContent.slice(line.firstChild?.textContent.length ?? 0).toLowerCase().includes(logSearch.value.toLowerCase());
  function filterLogs(lines = logs.children) {
    for (const line of lines) if (line.dataset.line) line.hidden = !lineMatches(line);
    logMatches.textContent = logSearch.value ? `${logs.querySelectorAll('[data-line]:not([hidden])').length} matching lines` : '';
  }
  logSearch.addEventListener('input', () => filterLogs());
  panels.Logs.append(el('div', { class: 'toolbar' }, el('label', { for: 'log-search' }, 'Search', logSearch), logMatches,
    el('label', { for: 'follow-logs' }, follow, 'Follow new lines'), logsInfo), logs);
  let logLines = 0;

  // Files: folders, previews, downloads.
  const browser = fileBrowser(ref);
  panels.Files.append(el('div', { class: 'panel' }, browser.element));

  // Artifacts: the versions this run logged and the versions it used, each linking to its page.
  const producedBody = el('tbody');
  const usedBody = el('tbody');
  const artifactsTable = (heading, body, testId) => el('section', { class: 'panel', 'aria-labelledby': `${testId}-heading` },
    el('h2', { id: `${testId}-heading` }, heading),
    el('div', { class: 'table-scroll' }, el('table', { 'data-testid': testId, 'aria-labelledby': `${testId}-heading` },
      el('thead', {}, el('tr', {}, el('th', {}, 'Artifact'), el('th', {}, 'Type'), el('th', {}, 'Aliases'),
        el('th', { class: 'num' }, 'Size'), el('th', { class: 'num' }, 'Files'), el('th', {}, 'Created'))), body)));
  panels.Artifacts.append(artifactsTable('Logged by this run', producedBody, 'produced-artifacts'), artifactsTable('Used by this run', usedBody, 'used-artifacts'));

  replace(main,
    el('div', { class: 'breadcrumbs' }, link('./', 'Projects'), ` / ${entity} / `, link(`${encodeURIComponent(entity)}/${encodeURIComponent(project)}`, project)),
    el('div', { class: 'toolbar' }, title, live.element),
    tablist, TABS.map((t) => panels[t]));

  function select(name) {
    active = name;
    tabButtons.forEach((b, i) => {
      const on = TABS[i] === name;
      b.setAttribute('aria-selected', String(on));
      b.tabIndex = on ? 0 : -1;
      panels[TABS[i]].hidden = !on;
    });
    // The address follows W&B's: /{entity}/{project}/runs/{run}/{tab}.
    const params = new URLSearchParams(location.search);
    params.delete('tab');
    const query = params.toString();
    const path = `${encodeURIComponent(entity)}/${encodeURIComponent(project)}/runs/${encodeURIComponent(runName)}/${TAB_PATHS[name]}`;
    history.replaceState(null, '', url(path) + (query ? `?${query}` : ''));
    renderTab(name);
  }

  async function load() {
    const data = await graphql(RUN_QUERY, { entity, project, name: runName });
    return data.project?.run ?? null;
  }

  async function update(fields) {
    await graphql(UPDATE_MUTATION, { entity, project, name: runName, ...fields });
    run = (await load()) ?? run;
    renderOverview();
  }

  // wandb-metadata.json, fetched once when the run has it (the overview shows what the client recorded).
  let metadata = null;
  let metadataRequested = false;
  async function loadMetadata() {
    if (metadataRequested || !run.files?.edges?.some((e) => e.node.name === 'wandb-metadata.json')) return;
    metadataRequested = true;
    try {
      const response = await fetch(fileUrl(ref, 'wandb-metadata.json'), { credentials: 'same-origin', headers: { Range: `bytes=0-${METADATA_MAX_BYTES - 1}` } });
      if (!response.ok) return;
      metadata = readMetadata(JSON.parse(await response.text()));
      // Only the facts read it: the config and summary tables (and their media thumbnails) stay as they are.
      if (run) renderFacts();
    } catch {
      // A metadata file that is not JSON (or cut at the limit) leaves the facts the run itself reports.
    }
  }

  function renderOverview() {
    replace(title, run.displayName || run.name, ' ', stateBadge(run.state));
    loadMetadata();
    renderFacts();
    renderTags();
    if (document.activeElement !== notes) notes.value = run.notes ?? '';

    const kv = (body, entries) => replace(body, entries.length === 0
      ? el('tr', {}, el('td', { class: 'muted' }, 'None'))
      : entries.map(([k, v]) => el('tr', { 'data-key': k }, el('td', { title: k }, k), el('td', {}, valueNode(ref, v, formatValue)))));
    kv(configTable, Object.entries(flatConfig(run.config)).sort(([a], [b]) => a.localeCompare(b)));
    kv(summaryTable, Object.entries(flatSummary(run.summaryMetrics)).filter(([k]) => !k.startsWith('_')).sort(([a], [b]) => a.localeCompare(b)));
    replace(alertsBox, alertList(run.alerts, { testId: 'run-alerts' }));
  }

  /** The run's facts: what the server reports, completed by the client's wandb-metadata.json once it has arrived. */
  function renderFacts() {
    const meta = metadata ?? {};
    const wandbConfig = parseLenient(run.config)?._wandb?.value ?? parseLenient(run.config)?._wandb ?? {};
    const program = run.runInfo?.program || meta.program;
    const args = run.runInfo?.args ?? meta.args ?? [];
    const command = program ? [meta.executable ? meta.executable.split('/').pop() : null, program, ...args].filter(Boolean).join(' ') : '';
    const gitCommit = run.runInfo?.git?.commit || run.commit || meta.gitCommit;
    const gitRemote = run.runInfo?.git?.remote || meta.gitRemote;
    const commitUrl = commitLink(gitRemote, gitCommit);
    const hasDiff = run.files?.edges?.some((e) => e.node.name === 'diff.patch');
    const fact = (label, value) => [el('dt', {}, label), el('dd', {}, value || el('span', { class: 'muted' }, '—'))];
    const gpu = meta.gpu ? `${meta.gpuCount ?? 1} × ${meta.gpu}${meta.cuda ? ` (CUDA ${meta.cuda})` : ''}` : '';
    const cpus = meta.cpus != null ? `${meta.cpus} cores${meta.logicalCpus != null && meta.logicalCpus !== meta.cpus ? ` (${meta.logicalCpus} logical)` : ''}` : '';
    const gb = (n) => (n == null ? '' : `${n >= 100 ? Math.round(n) : n.toFixed(1)} GB`);
    replace(facts,
      fact('Run id', el('code', {}, run.name)),
      fact('State', [stateBadge(run.state), run.exitcode != null ? ` (exit code ${run.exitcode})` : '']),
      fact('Created', timeEl(run.createdAt)),
      fact('Started', meta.startedAt ? timeEl(meta.startedAt) : ''),
      fact('Runtime', duration(runtimeSeconds(run))),
      fact('Heartbeat', timeEl(run.heartbeatAt)),
      fact('User', runUserLabel(run) && el('span', { 'data-testid': 'run-user' }, runUserLabel(run))),
      fact('Host', run.host || meta.host),
      fact('OS', meta.os),
      fact('Python', meta.python ? `${meta.python}${meta.executable ? ` (${meta.executable})` : ''}` : wandbConfig.python_version),
      fact('CPU', cpus),
      fact('GPU', gpu),
      fact('Memory', gb(meta.memoryGb)),
      fact('Disk', gb(meta.diskGb)),
      fact('Program', program),
      fact('Command', command ? el('code', { 'data-testid': 'run-command' }, command) : ''),
      fact('Git commit', gitCommit ? [commitUrl ? el('a', { href: commitUrl, rel: 'noopener noreferrer', target: '_blank' }, el('code', {}, gitCommit)) : el('code', {}, gitCommit),
        hasDiff ? [' · ', el('a', { href: fileUrl(ref, 'diff.patch'), download: 'diff.patch' }, 'diff.patch')] : ''] : ''),
      fact('Git remote', gitRemote),
      fact('W&B client', wandbConfig.cli_version ? `wandb ${wandbConfig.cli_version}` : ''),
      fact('Group', run.group),
      fact('Job type', run.jobType));
  }

  function renderTags() {
    const input = el('input', { type: 'text', id: 'new-tag', size: '12', placeholder: 'add a tag' });
    const add = el('button', { type: 'button' }, 'Add tag');
    const addTag = async () => {
      const tag = input.value.trim();
      if (!tag || run.tags.includes(tag)) return;
      await update({ tags: [...run.tags, tag] });
      document.getElementById('new-tag')?.focus();
    };
    add.addEventListener('click', addTag);
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        addTag();
      }
    });
    replace(tagsEditor,
      run.tags.map((tag) => {
        const remove = el('button', { type: 'button', 'aria-label': `Remove tag ${tag}` }, '×');
        remove.addEventListener('click', () => update({ tags: run.tags.filter((t) => t !== tag) }));
        return el('span', { class: 'tag' }, tag, remove);
      }),
      el('label', { for: 'new-tag', class: 'sr-only' }, 'New tag'), input, add);
  }

  function renderFiles() {
    browser.render(run.files?.edges?.map((e) => e.node) ?? []);
  }

  async function renderArtifacts() {
    const data = await graphql(ARTIFACTS_QUERY, { entity, project, name: runName });
    const rows = (connection, none) => {
      const versions = connection?.edges?.map((e) => e.node) ?? [];
      return versions.length === 0
        ? el('tr', {}, el('td', { colspan: '6', class: 'muted' }, none))
        : versions.map((v) => {
          const home = v.artifactSequence.project;
          const label = `${v.artifactSequence.name}:v${v.versionIndex}`;
          const elsewhere = home.entityName !== entity || home.name !== project ? ` (${home.entityName}/${home.name})` : '';
          return el('tr', {},
            el('td', {}, link(versionPath(home.entityName, home.name, v.artifactType.name, v.artifactSequence.name, `v${v.versionIndex}`), label), elsewhere),
            el('td', {}, v.artifactType.name), el('td', {}, aliasTags(v.aliases)), el('td', { class: 'num' }, bytes(v.size)),
            el('td', { class: 'num' }, String(v.fileCount)), el('td', {}, timeEl(v.createdAt)));
        });
    };
    replace(producedBody, rows(data.project?.run?.outputArtifacts, 'This run logged no artifacts.'));
    replace(usedBody, rows(data.project?.run?.inputArtifacts, 'This run used no artifacts.'));
  }

  async function renderLogs() {
    const atBottom = logs.scrollTop + logs.clientHeight >= logs.scrollHeight - 4;
    const answer = await request('GET', `api/v1/runs/${runPath}/output?from=${logLines}&max=5000`);
    if (answer.total < logLines) {
      // Lines were rewritten from an earlier offset (progress bars): start over.
      logLines = 0;
      logs.replaceChildren();
      return renderLogs();
    }
    answer.lines.forEach((line, i) => {
      const node = el('div', { 'data-line': String(answer.start + i + 1) }, el('span', { class: 'ln' }, String(answer.start + i + 1)), ansiToNodes(line));
      if (logSearch.value) node.hidden = !lineMatches(node);
      logs.append(node);
    });
    if (logSearch.value) filterLogs([]);
    logLines = answer.start + answer.lines.length;
    logsInfo.textContent = `${logLines} line${logLines === 1 ? '' : 's'}`;
    if (logLines === 0 && !logs.firstChild) logs.append(el('div', { class: 'muted' }, 'No console output yet.'));
    else logs.querySelector('.muted')?.remove();
    if (follow.checked && (atBottom || answer.lines.length > 0)) logs.scrollTop = logs.scrollHeight;
    if (logLines < answer.total) return renderLogs();
  }

  /** Draws a panel; live, with the same metrics, only the new points are fetched and appended in place. */
  async function drawPanel(panel, metrics, live) {
    const runs = [{ entity, project, run: run.name, label: run.displayName || run.name }];
    if (live && panel.metrics.join('\u0000') === metrics.join('\u0000') && await panel.append([run.name])) return;
    await panel.render(runs, metrics);
  }

  function renderCharts(live = false) {
    const metrics = metricNames([run.historyKeys]);
    if (!chartsControlsSlot.firstChild) {
      chartsControlsSlot.append(chartControls(charts, { xChoices: [...X_AXES, ...metrics.map((m) => ({ key: m, label: m }))], onChange: () => renderCharts() }).element);
    }
    return drawPanel(charts, metrics.filter((m) => m !== charts.settings.xAxis), live);
  }

  function renderSystem(live = false) {
    const metrics = Object.keys(parseLenient(run.systemMetrics)).filter((k) => !k.startsWith('_')).sort();
    if (!systemControlsSlot.firstChild) {
      systemControlsSlot.append(chartControls(system, { xChoices: X_AXES.filter((a) => a.key !== '_step'), onChange: () => renderSystem() }).element);
    }
    return drawPanel(system, metrics, live);
  }

  async function renderTab(name, live = false) {
    try {
      if (name === 'Overview') renderOverview();
      else if (name === 'Charts') await renderCharts(live);
      else if (name === 'Media') await media.render([{ entity, project, run: run.name, label: run.displayName || run.name, config: run.config }], [run.historyKeys]);
      else if (name === 'System') await renderSystem(live);
      else if (name === 'Logs') await renderLogs();
      else if (name === 'Files') renderFiles();
      else if (name === 'Artifacts') await renderArtifacts();
    } catch (e) {
      panels[name].prepend(errorBox(e));
    }
  }

  renderOverview();
  await renderTab(active);

  // Live: every durable change of the run reloads it and redraws the open tab.
  const close = followChanges(`api/live/runs/${runPath}`, async () => {
    run = (await load()) ?? run;
    if (active !== 'Overview') renderOverview();
    await renderTab(active, true);
  }, live);

  return () => {
    close();
    charts.destroy();
    system.destroy();
  };
}
