// The workspace's media: one panel per image or histogram key over the runs shown on the charts, one column per run.
import { graphql } from '../api.js';
import { mediaPanels } from '../media-panels.js';

/** The media panels over `state.shown`; `refresh()` after the shown runs or their data changed. */
export function workspaceMedia(state, { entity, project }) {
  const panels = mediaPanels({ entity, project });

  function shownRuns() {
    return [...(state.shown ?? [])].map((name) => state.known.get(name)).filter(Boolean).map((run) => ({
      entity, project, run: run.name, label: run.node.displayName || run.name, config: run.node.config,
    }));
  }

  /** The history keys of the shown runs: one request with an aliased run field per run. */
  async function historyKeys(runs) {
    if (runs.length === 0) return [];
    const variables = { entity, project };
    runs.forEach((r, i) => (variables[`n${i}`] = r.run));
    const query = `query MediaKeys($entity: String!, $project: String!, ${runs.map((_, i) => `$n${i}: String!`).join(', ')}) {
      project(name: $project, entityName: $entity) { ${runs.map((_, i) => `r${i}: run(name: $n${i}) { historyKeys }`).join(' ')} }
    }`;
    const data = await graphql(query, variables);
    return runs.map((_, i) => data.project?.[`r${i}`]?.historyKeys);
  }

  return {
    element: panels.element,
    async refresh() {
      const runs = shownRuns();
      await panels.render(runs, await historyKeys(runs).catch(() => []));
    },
  };
}
