// The house's arrows (docs/architecture.md), checked on resolved paths at any depth:
// - domain/ imports nothing outside domain/;
// - nothing outside ops/ imports ops/ (the composition root).
// - ledger/portable/ (code the browser verifier page runs too) imports only portable files and a few pure domain
//   files, so nothing from Node can reach the page.
// Tests are held to the same arrows; a test that needs to cross one says why in its disable comment.
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const LAYERS = new Set(['domain', 'ledger', 'projections', 'inference', 'graphql', 'ops']);

/** The top-level folder of an absolute path inside the repository, or null outside any layer. */
function layerOf(path) {
  const [first] = relative(ROOT, path).split(sep);
  return first !== undefined && LAYERS.has(first) ? first : null;
}

const PORTABLE = `ledger${sep}portable${sep}`;
const PORTABLE_ALLOWED = new Set(
  [
    'domain/errors/mirError',
    'domain/errors/ledgerErrors',
    'domain/events/json',
    'domain/blobs/blobReferences',
  ].map((path) => path.split('/').join(sep)),
);

/** Why a portable file may not import `target`, or null. */
function portableViolation(from, target) {
  const source = relative(ROOT, from);
  if (!source.startsWith(PORTABLE) || source.endsWith('.test.ts')) return null;
  const destination = relative(ROOT, target).replace(/\.(js|ts)$/, '');
  if (destination.startsWith(PORTABLE) || PORTABLE_ALLOWED.has(destination)) return null;
  return `ledger/portable/ runs in the browser too: it imports only portable files (this imports ${destination})`;
}

/** Why importing `target` from `from` breaks an arrow, or null. */
export function arrowViolation(from, target) {
  const portable = portableViolation(from, target);
  if (portable !== null) return portable;
  const source = layerOf(from);
  const destination = layerOf(target);
  if (source === null || destination === null || source === destination) return null;
  if (source === 'domain') return `domain/ imports nothing outside domain/ (this imports ${destination}/)`;
  if (destination === 'ops')
    return `nothing outside ops/ imports ops/, the composition root (this is ${source}/)`;
  return null;
}

export const layerArrows = {
  meta: {
    type: 'problem',
    docs: { description: 'imports follow the layer arrows (domain inward, ops outermost)' },
    schema: [],
  },
  create(context) {
    const check = (node) => {
      const specifier = node.source?.value;
      if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
      const problem = arrowViolation(context.filename, resolve(dirname(context.filename), specifier));
      if (problem !== null) context.report({ node: node.source, message: problem });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

export default { rules: { 'layer-arrows': layerArrows } };
