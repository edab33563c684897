import type { GraphQLResolveInfo } from 'graphql';
import { accessRefusal } from '../../domain/index.js';
import type { AccessRefusalReason } from '../../domain/index.js';
import type { GraphqlContext } from '../context.js';
import { getArgumentValues } from '../graphqlJs.js';

/** At most this many ids, each at most this long, are recorded from one request's arguments. */
const MAX_SUBJECTS = 16;
const MAX_ID_LENGTH = 256;

/**
 * Records that the authenticated caller was refused on the field `info` resolves (`Type.field`), naming the ids
 * its arguments carry. Anonymous callers are not recorded (metrics count them). The answer never waits for the
 * record: the recorder appends the first refusal of its kind at once and coalesces repeats.
 */
export function recordAccessRefusal(
  context: GraphqlContext,
  info: GraphQLResolveInfo,
  reason: AccessRefusalReason,
  args?: Readonly<Record<string, unknown>>,
): void {
  const { principal } = context;
  const recorder = context.deps.refusals;
  if (principal === null || recorder === undefined) return;
  const action = `${info.parentType.name}.${info.fieldName}`;
  void recorder.record(accessRefusal(principal, action, reason, subjectIds(args ?? argumentsOf(info))));
}

/** The field's arguments as the resolver would have had them ({} when they cannot be read). */
function argumentsOf(info: GraphQLResolveInfo): Record<string, unknown> {
  const field = info.parentType.getFields()[info.fieldName];
  const node = info.fieldNodes[0];
  if (field === undefined || node === undefined) return {};
  try {
    return getArgumentValues(field, node, info.variableValues);
  } catch {
    return {};
  }
}

/** Ids named by arguments `id`, `…Id` or `…Ids`, at the top level or one input object down, in order, once each. */
function subjectIds(args: Readonly<Record<string, unknown>>): string[] {
  const found = new Set<string>();
  const visit = (value: Readonly<Record<string, unknown>>, depth: number) => {
    for (const [name, arg] of Object.entries(value)) {
      if (/^id$|Ids?$/.test(name))
        for (const id of Array.isArray(arg) ? arg : [arg])
          if (typeof id === 'string' && found.size < MAX_SUBJECTS) found.add(id.slice(0, MAX_ID_LENGTH));
      if (depth === 0 && typeof arg === 'object' && arg !== null && !Array.isArray(arg))
        visit(arg as Record<string, unknown>, 1);
    }
  };
  visit(args, 0);
  return [...found];
}
