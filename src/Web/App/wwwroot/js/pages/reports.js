// A project's reports (W&B's /{entity}/{project}/reports and /reports/{title}--{id}): the views of type "runs" the
// clients save (wandb.apis.reports). The list names each report; a report shows its title, description, author and
// its blocks as W&B lays them out in text — headings, paragraphs, lists, quotes, code, markdown — and, for each panel
// grid, the panels it holds. Every value is shown as text (dom.js), never parsed as HTML.
import { graphql } from '../api.js';
import { el, replace, link, timeEl } from '../dom.js';

const FIELDS = 'id name displayName description spec updatedAt createdAt user { username }';
const LIST = `query Reports($entity: String!, $project: String!) {
  project(name: $project, entityName: $entity) { name allViews(viewType: "runs", first: 100) { edges { node { id displayName description updatedAt user { username } } } } }
}`;
const ONE = `query Report($id: ID!) { view(id: $id) { ${FIELDS} } }`;
/** Nested blocks deeper than this are not drawn (a spec is the client's, its depth the client's choice). */
const MAX_DEPTH = 8;

/** The URL path segment W&B gives a report: its title as a slug, "--", its id. */
export function reportSlug(view) {
  const title = (view.displayName || 'report').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'report';
  return `${title}--${view.id}`;
}

/** The text of a slate node and its children. */
function textOf(node) {
  if (node == null) return '';
  if (typeof node.text === 'string') return node.text;
  return (node.children ?? []).map(textOf).join('');
}

/** Inline content: text and links. */
function inline(node) {
  return (node.children ?? []).map((child) => {
    if (child.type === 'link' && typeof child.url === 'string' && /^https?:\/\//.test(child.url)) {
      return el('a', { href: child.url, rel: 'noopener noreferrer', target: '_blank' }, textOf(child));
    }
    if (typeof child.text === 'string') return child.code ? el('code', {}, child.text) : child.bold ? el('strong', {}, child.text) : child.text;
    return textOf(child);
  });
}

function panelTitle(panel) {
  const config = panel?.config ?? {};
  const metrics = config.metrics ?? config.yAxis ?? config.metricName;
  const title = config.chartTitle || panel?.viewType || 'Panel';
  if (Array.isArray(metrics) && metrics.length) return `${title}: ${metrics.join(', ')}`;
  return typeof metrics === 'string' ? `${title}: ${metrics}` : title;
}

/** One block of a report's spec as page nodes. */
function block(node, depth = 0) {
  if (!node || typeof node !== 'object' || depth > MAX_DEPTH) return null;
  switch (node.type) {
    case 'heading': return el(`h${Math.min(4, Math.max(2, (node.level ?? 1) + 1))}`, {}, inline(node));
    case 'paragraph': return textOf(node).trim() === '' ? null : el('p', {}, inline(node));
    case 'block-quote': return el('blockquote', {}, inline(node));
    case 'callout-block': return el('aside', { class: 'alert' }, (node.children ?? []).map((c) => block(c, depth + 1) ?? textOf(c)));
    case 'list': return el(node.ordered ? 'ol' : 'ul', {}, (node.children ?? []).map((item) => el('li', {}, inline(item))));
    case 'code-block': return el('pre', { class: 'command' }, (node.children ?? []).map(textOf).join('\n'));
    case 'markdown-block': return el('div', { class: 'report-markdown' }, String(node.content ?? ''));
    case 'latex': case 'latex-block': return el('pre', {}, textOf(node) || String(node.content ?? ''));
    case 'horizontal-rule': return el('hr');
    case 'panel-grid': {
      const sections = node.metadata?.panelBankSectionConfig?.panels ?? node.metadata?.panels ?? [];
      const runSets = node.metadata?.runSets ?? [];
      return el('figure', { class: 'panel report-panels' },
        el('figcaption', {}, `Panel grid · ${sections.length} panel${sections.length === 1 ? '' : 's'}`,
          runSets.length ? ` · run sets: ${runSets.map((r) => r.name ?? 'Run set').join(', ')}` : ''),
        el('ul', {}, sections.map((panel) => el('li', {}, panelTitle(panel)))));
    }
    default: {
      const text = textOf(node);
      return text.trim() ? el('p', {}, text) : null;
    }
  }
}

export async function render(main, { entity, project, report }) {
  const projectPath = `${encodeURIComponent(entity)}/${encodeURIComponent(project)}`;
  const crumbs = el('div', { class: 'breadcrumbs' }, link('./', 'Projects'), ' / ', link(encodeURIComponent(entity), entity), ' / ',
    link(`${projectPath}/workspace`, project));
  if (report) {
    const id = report.includes('--') ? report.slice(report.lastIndexOf('--') + 2) : report;
    const data = await graphql(ONE, { id });
    const view = data.view;
    if (!view || view.name?.startsWith('workspace:')) {
      replace(main, crumbs, el('h1', {}, 'Report not found'),
        el('p', {}, 'There is no such report, or you may not see it. ', link(`${projectPath}/reports`, 'All reports.')));
      return;
    }
    document.title = `${view.displayName} · Orleans.Wandb`;
    let spec = {};
    try {
      spec = JSON.parse(view.spec ?? '{}') ?? {};
    } catch {
      spec = {};
    }
    const blocks = Array.isArray(spec.blocks) ? spec.blocks.map((b) => block(b)).filter(Boolean) : [];
    crumbs.append(' / ', link(`${projectPath}/reports`, 'Reports'));
    replace(main, crumbs,
      el('article', { class: 'panel report', 'data-testid': 'report' },
        el('h1', {}, view.displayName),
        view.description ? el('p', { class: 'muted' }, view.description) : null,
        el('p', { class: 'muted small' }, view.user?.username ?? '', ' · updated ', timeEl(view.updatedAt)),
        blocks.length ? blocks : el('p', { class: 'muted' }, 'This report has no blocks yet.')));
    return;
  }
  document.title = `Reports · ${project} · Orleans.Wandb`;
  const data = await graphql(LIST, { entity, project });
  if (!data.project) {
    replace(main, crumbs, el('h1', {}, 'Project not found'), el('p', {}, `There is no project ${entity}/${project}, or you may not see it.`));
    return;
  }
  const views = (data.project.allViews?.edges ?? []).map((e) => e.node);
  replace(main, crumbs,
    el('h1', {}, 'Reports'),
    el('section', { class: 'panel' },
      views.length === 0
        ? el('p', { class: 'muted' }, 'No reports yet. Reports saved with the wandb client (wandb.apis.reports) appear here.')
        : el('table', { 'data-testid': 'reports' },
          el('thead', {}, el('tr', {}, el('th', {}, 'Report'), el('th', {}, 'Author'), el('th', {}, 'Updated'))),
          el('tbody', {}, views.map((v) => el('tr', {},
            el('td', { class: 'wrap' }, link(`${projectPath}/reports/${encodeURIComponent(reportSlug(v))}`, v.displayName || v.id),
              v.description ? el('div', { class: 'muted small' }, v.description) : null),
            el('td', {}, v.user?.username ?? ''), el('td', {}, timeEl(v.updatedAt))))))));
}
