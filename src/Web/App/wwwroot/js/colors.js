// Run colours: clearly distinct, and stable — a run keeps its colour on every page and after a reload. The workspace
// assigns colours to the runs it shows (assignColors: no two shown runs share one while the palette lasts, and few
// runs take only the most distinct colours) and a
// colour the user picked wins; every other page falls back to a colour derived from the run's name.
// Ordered from most to least distinct: a workspace with few runs draws them only from the first tier.
const PALETTE = [
  '#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f',
  '#393b79', '#e7ba52',
  '#aec7e8', '#ffbb78', '#98df8a', '#ff9896', '#c5b0d5', '#c49c94', '#f7b6d2', '#9edae5', '#dbdb8d', '#843c39',
  '#637939', '#ce6dbd',
  '#5254a3', '#8ca252', '#bd9e39', '#ad494a', '#a55194', '#6b6ecf', '#b5cf6b', '#d6616b', '#7b4173', '#3182bd',
  '#e6550d', '#31a354',
];
/** Palette tiers: up to 12 runs take colours from the first 12, up to 24 from the first 24, then from all. */
const TIERS = [12, 24, PALETTE.length];

let assigned = new Map();

function hashOf(name) {
  let hash = 2166136261;
  for (const ch of String(name)) {
    hash ^= ch.codePointAt(0);
    hash = Math.imul(hash, 16777619);
  }
  return hash >>> 0;
}

/** The run's colour: the one assigned by the workspace, else one derived from its name. */
export function colorOf(name) {
  return assigned.get(name) ?? PALETTE[hashOf(name) % PALETTE.length];
}

/**
 * Colours for the runs shown, in the order given (oldest first keeps old runs' colours when new ones appear): each run
 * takes the palette entry its name hashes to, or the next free one, so the shown runs differ while the palette
 * lasts; `overrides` ({name: '#rrggbb'}) are the colours the user picked. Becomes what colorOf answers.
 */
export function assignColors(names, overrides = {}) {
  const result = new Map();
  const taken = new Set(Object.values(overrides));
  const size = TIERS.find((t) => t >= names.length) ?? PALETTE.length;
  for (const name of names) {
    if (overrides[name]) {
      result.set(name, overrides[name]);
      continue;
    }
    let index = hashOf(name) % size;
    for (let tries = 0; tries < size && taken.has(PALETTE[index]); tries++) index = (index + 1) % size;
    result.set(name, PALETTE[index]);
    taken.add(PALETTE[index]);
  }
  assigned = result;
  return result;
}

/** The i-th most distinct colour (groups of runs take theirs in order). */
export function paletteColor(i) {
  return PALETTE[i % PALETTE.length];
}

/** The colour with an alpha channel, for bands. */
export function translucent(hex, alpha = 0.18) {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}
