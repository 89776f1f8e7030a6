// Addresses of artifact pages and the small pieces that show a version, shared by the artifact and run pages.
import { el, link } from './dom.js';

/** The app path of a version (W&B's address for it: /{entity}/{project}/artifacts/{type}/{collection}/{version}). */
export function versionPath(entity, project, type, collection, version) {
  return [entity, project, 'artifacts', type, collection, version].map(encodeURIComponent).join('/');
}

/** The app path of a collection (its latest version). */
export function collectionPath(entity, project, type, collection) {
  return [entity, project, 'artifacts', type, collection].map(encodeURIComponent).join('/');
}

/** Links to a run page, wherever the run lives. */
export function runLink(entity, project, run) {
  return link([entity, project, 'runs', run.name].map(encodeURIComponent).join('/'), run.displayName || run.name);
}

/** The aliases of a version, its version alias first. */
export function aliasTags(aliases) {
  const names = aliases.map((a) => a.alias);
  names.sort((a, b) => (/^v\d+$/.test(b) ? 1 : 0) - (/^v\d+$/.test(a) ? 1 : 0) || a.localeCompare(b));
  return names.map((alias) => el('span', { class: 'tag' }, alias));
}
