import { graphql, parseLenient } from '../api.js';
import { el, replace, link, timeEl, bytes, formatValue } from '../dom.js';
import { versionPath, collectionPath, runLink, aliasTags } from '../artifact-links.js';
import { tableViewer } from '../media-table.js';

const COLLECTIONS_QUERY = `query ProjectArtifacts($entity: String!, $project: String!) {
  project(name: $project, entityName: $entity) {
    name
    artifactTypes(first: 100) { edges { node { name
      artifactCollections(first: 500) { edges { node { name description
        artifacts(first: 200) { totalCount edges { node {
          id versionIndex size fileCount createdAt description aliases { alias }
          createdBy { __typename ... on Run { name displayName } } } } } } } } } } }
  }
}`;

const VERSION_QUERY = `query ArtifactVersion($entity: String!, $project: String!, $name: String!) {
  project(name: $project, entityName: $entity) {
    artifact(name: $name) {
      id digest versionIndex size fileCount createdAt description metadata commitHash
      artifactType { name } artifactSequence { name } aliases { alias }
      files(first: 10000) { totalCount edges { node { name sizeBytes directUrl } } }
      createdBy { __typename ... on Run { name displayName project { name entityName } } ... on User { username } }
      usedBy(first: 500) { totalCount edges { node { name displayName project { name entityName } } } }
    }
  }
}`;

/**
 * A project's artifacts: its types with their collections on the left; on the right the chosen collection's versions
 * and the chosen version (default: latest) with its description, metadata, files with download links and lineage.
 */
export async function render(main, { entity, project, type, collection, version }) {
  document.title = `Artifacts · ${project} · Orleans.Wandb`;
  const data = await graphql(COLLECTIONS_QUERY, { entity, project });
  const projectPath = `${encodeURIComponent(entity)}/${encodeURIComponent(project)}`;
  const header = [
    el('div', { class: 'breadcrumbs' }, link('./', 'Projects'), ` / ${entity} / `, link(projectPath, project)),
    el('h1', {}, `${project} · Artifacts`),
  ];
  if (!data.project) {
    replace(main, header, el('p', {}, `There is no project ${entity}/${project} you can read.`));
    return null;
  }

  const types = data.project.artifactTypes.edges.map((e) => e.node)
    .map((t) => ({ name: t.name, collections: t.artifactCollections.edges.map((e) => e.node) }))
    .filter((t) => t.collections.length > 0);
  if (types.length === 0) {
    replace(main, header, el('div', { class: 'panel empty' }, 'No artifacts have been logged to this project yet.'));
    return null;
  }

  const chosenType = types.find((t) => t.name === type) ?? (type ? null : types[0]);
  const chosen = chosenType?.collections.find((c) => c.name === collection) ?? (collection ? null : chosenType?.collections[0]);
  const nav = el('nav', { class: 'panel artifact-nav', 'aria-label': 'Artifact collections' },
    types.map((t) => [
      el('h2', {}, t.name),
      el('ul', {}, t.collections.map((c) => {
        const a = link(collectionPath(entity, project, t.name, c.name), c.name);
        if (c === chosen) a.setAttribute('aria-current', 'page');
        return el('li', {}, a, ' ', el('span', { class: 'muted small' }, `${c.artifacts.totalCount}`));
      })),
    ]));

  if (!chosen) {
    replace(main, header, el('div', { class: 'artifact-layout' }, nav,
      el('div', {}, el('p', { role: 'alert', class: 'alert error' }, `There is no ${type ?? ''} collection ${collection ?? ''} in this project.`))));
    return null;
  }

  const selector = version || 'latest';
  const versions = chosen.artifacts.edges.map((e) => e.node);
  const detail = await graphql(VERSION_QUERY, { entity, project, name: `${chosen.name}:${selector}` });
  const artifact = detail.project?.artifact ?? null;
  document.title = `${chosen.name}:${artifact ? `v${artifact.versionIndex}` : selector} · ${project} · Orleans.Wandb`;

  const versionsTable = el('table', { 'data-testid': 'versions' },
    el('caption', { class: 'sr-only' }, `Versions of ${chosen.name}`),
    el('thead', {}, el('tr', {},
      el('th', {}, 'Version'), el('th', {}, 'Aliases'), el('th', { class: 'num' }, 'Size'), el('th', { class: 'num' }, 'Files'),
      el('th', {}, 'Created'), el('th', {}, 'Logged by'), el('th', {}, 'Description'))),
    el('tbody', {}, versions.map((v) => {
      const a = link(versionPath(entity, project, chosenType.name, chosen.name, `v${v.versionIndex}`), `v${v.versionIndex}`);
      if (artifact && v.id === artifact.id) a.setAttribute('aria-current', 'page');
      return el('tr', { dataset: { version: `v${v.versionIndex}` } },
        el('td', {}, a), el('td', {}, aliasTags(v.aliases)), el('td', { class: 'num' }, bytes(v.size)),
        el('td', { class: 'num' }, String(v.fileCount)), el('td', {}, timeEl(v.createdAt)),
        el('td', {}, v.createdBy?.__typename === 'Run' ? runLink(entity, project, v.createdBy) : el('span', { class: 'muted' }, '—')),
        el('td', { class: 'wrap' }, v.description ?? ''));
    })));

  replace(main, header, el('div', { class: 'artifact-layout' }, nav,
    el('div', {},
      el('section', { class: 'panel', 'aria-labelledby': 'collection-heading' },
        el('h2', { id: 'collection-heading' }, chosen.name, ' ', el('span', { class: 'muted small' }, chosenType.name)),
        chosen.description ? el('p', {}, chosen.description) : null,
        el('div', { class: 'table-scroll' }, versionsTable)),
      artifact ? versionDetail(entity, project, artifact)
        : el('p', { role: 'alert', class: 'alert error' }, `${chosen.name} has no version ${selector}.`))));
  return null;
}

function versionDetail(entity, project, artifact) {
  const name = `${artifact.artifactSequence.name}:v${artifact.versionIndex}`;
  const fact = (label, value) => [el('dt', {}, label), el('dd', {}, value || el('span', { class: 'muted' }, '—'))];
  const metadata = Object.entries(parseLenient(artifact.metadata) ?? {});
  const files = artifact.files.edges.map((e) => e.node);
  const creator = artifact.createdBy;
  const users = artifact.usedBy.edges.map((e) => e.node);
  const runOf = (run) => runLink(run.project.entityName, run.project.name, run);
  const where = (run) => (run.project.entityName !== entity || run.project.name !== project
    ? el('span', { class: 'muted small' }, ` in ${run.project.entityName}/${run.project.name}`) : '');

  const facts = el('dl', { class: 'facts' },
    fact('Type', artifact.artifactType.name),
    fact('Size', `${bytes(artifact.size)} in ${artifact.fileCount} file${artifact.fileCount === 1 ? '' : 's'}`),
    fact('Created', timeEl(artifact.createdAt)),
    fact('Digest', el('code', {}, artifact.digest)),
    fact('Description', artifact.description));
  const metadataTable = el('table', { class: 'kv', 'data-testid': 'metadata' }, el('tbody', {}, metadata.length === 0
    ? el('tr', {}, el('td', { class: 'muted' }, 'None'))
    : metadata.map(([k, v]) => el('tr', {}, el('td', {}, k), el('td', {}, formatValue(v))))));
  const lineage = el('div', { 'data-testid': 'lineage' },
    el('h3', {}, 'Lineage'),
    el('dl', { class: 'facts' },
      fact('Logged by', creator?.__typename === 'Run' ? [runOf(creator), where(creator)]
        : creator?.__typename === 'User' ? `${creator.username} (outside a run)` : ''),
      fact(`Used by (${artifact.usedBy.totalCount})`, users.length === 0 ? ''
        : el('ul', { class: 'plain' }, users.map((run) => el('li', {}, runOf(run), where(run)))))));
  const tableSlot = el('div', { 'data-testid': 'artifact-table' });
  const filesTable = el('table', { 'data-testid': 'artifact-files' },
    el('caption', { class: 'sr-only' }, `Files of ${name}`),
    el('thead', {}, el('tr', {}, el('th', {}, 'Name'), el('th', { class: 'num' }, 'Size'))),
    el('tbody', {}, files.length === 0
      ? el('tr', {}, el('td', { colspan: '2', class: 'muted' }, 'No files.'))
      : files.map((f) => el('tr', {},
        el('td', {}, f.directUrl ? el('a', { href: f.directUrl, download: f.name.split('/').pop() }, f.name) : f.name,
          /\.(table|joined-table|partitioned-table)\.json$/.test(f.name) ? [' ', viewTableButton(tableSlot, entity, project, artifact, f.name, name)] : null),
        el('td', { class: 'num' }, bytes(f.sizeBytes))))));

  return el('section', { class: 'panel', 'aria-labelledby': 'version-heading', 'data-testid': 'version' },
    el('h2', { id: 'version-heading' }, name, ' ', aliasTags(artifact.aliases)),
    el('div', { class: 'two-col' }, el('div', {}, facts, el('h3', {}, 'Metadata'), metadataTable), lineage),
    el('h3', {}, `Files (${artifact.files.totalCount})`),
    el('div', { class: 'table-scroll' }, filesTable),
    tableSlot);
}

/** A button that opens one of the version's tables (wandb.Table files) in the paged table viewer, in `tableSlot`. */
function viewTableButton(tableSlot, entity, project, artifact, path, name) {
  const button = el('button', { type: 'button', class: 'small' }, 'View table');
  button.addEventListener('click', () => {
    // The media routes take the artifact's GraphQL id as it is (opaque).
    const viewer = tableViewer({ kind: 'artifact', entity, project, artifactId: artifact.id, path }, { caption: `${path} of ${name}` });
    replace(tableSlot, el('h3', {}, path), viewer.element);
    viewer.load();
    tableSlot.scrollIntoView({ block: 'nearest' });
  });
  return button;
}
