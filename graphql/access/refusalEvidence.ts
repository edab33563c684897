import type { GraphQLResolveInfo } from 'graphql';
import { accessRefusal } from '../../domain/index.js';
import type { AccessRefusalReason } from '../../domain/index.js';
import type { GraphqlContext } from '../context.js';

/** At most this many ids, each at most this long, are recorded from one request's arguments. */
const MAX_SUBJECTS = 16;
const MAX_ID_LENGTH = 256;
const TOP_LEVEL_SUBJECT = /^(id|model|name)$|Ids?$/;
const NESTED_SUBJECT = /^id$|Ids?$/;

/**
 * Records that the authenticated caller was refused on the field `info` resolves (`Type.field`), naming the ids
 * its arguments carry. Anonymous callers are not recorded (metrics count them). Resolves once the recorder has
 * taken it (the first refusal of its kind is appended, a repeat inside a coalescing window only counted); never
 * rejects: the refusal stands whatever the ledger says.
 */
export async function recordAccessRefusal(
  context: GraphqlContext,
  info: GraphQLResolveInfo,
  reason: AccessRefusalReason,
  args: Readonly<Record<string, unknown>>,
): Promise<void> {
  await recordRefusal(context, `${info.parentType.name}.${info.fieldName}`, reason, args);
}

/**
 * The same record for any surface of the API: `action` names what was refused (`Mutation.startRun` for GraphQL,
 * `mcp:<tool>` for the MCP endpoint), `args` are the request's arguments the subjects are read from. Same
 * contract as `recordAccessRefusal`.
 */
export async function recordRefusal(
  context: Pick<GraphqlContext, 'principal' | 'deps'>,
  action: string,
  reason: AccessRefusalReason,
  args: Readonly<Record<string, unknown>>,
): Promise<void> {
  const { principal } = context;
  const recorder = context.deps.refusals;
  if (principal === null || recorder === undefined) return;
  await recorder.record(accessRefusal(principal, action, reason, subjectIds(args)));
}

/**
 * What the arguments name, in order, once each: ids (`id`, `…Id`, `…Ids`) at the top level or one input object
 * down, and a top-level `model` or registration `name` (one level down, `name` is an upload's file name).
 */
function subjectIds(args: Readonly<Record<string, unknown>>): string[] {
  const found = new Set<string>();
  const visit = (value: Readonly<Record<string, unknown>>, depth: number) => {
    for (const [name, arg] of Object.entries(value)) {
      if ((depth === 0 ? TOP_LEVEL_SUBJECT : NESTED_SUBJECT).test(name))
        for (const id of Array.isArray(arg) ? arg : [arg])
          if (typeof id === 'string' && found.size < MAX_SUBJECTS) found.add(id.slice(0, MAX_ID_LENGTH));
      if (depth === 0 && typeof arg === 'object' && arg !== null && !Array.isArray(arg))
        visit(arg as Record<string, unknown>, 1);
    }
  };
  visit(args, 0);
  return [...found];
}
