import SchemaBuilder, { BasePlugin } from '@pothos/core';
import type { PothosOutputFieldConfig, SchemaTypes } from '@pothos/core';
import type { GraphQLFieldResolver, GraphQLResolveInfo } from 'graphql';
import type { AccessRefusalReason } from '../../domain/index.js';
import type { GraphqlContext } from '../context.js';
import { recordAccessRefusal } from './refusalEvidence.js';

/**
 * Refusals meaning "no such id or name in your tenant" (another tenant's runs, memories and models are answered
 * exactly like missing ones).
 */
const NOT_FOUND_CODES: ReadonlySet<unknown> = new Set([
  'RUN_NOT_FOUND',
  'MEMORY_NOT_FOUND',
  'MODEL_NOT_FOUND',
  'NOT_FOUND',
]);
/** Refusals of a registration under a name MIR keeps for its own built-in tools and shipped models. */
const NAME_RESERVED_CODES: ReadonlySet<unknown> = new Set(['TOOL_NAME_RESERVED', 'MODEL_NAME_RESERVED']);
/** The kind of operation a refusal happened in: queries record fewer refusals than mutations. */
export type RootType = 'Query' | 'Mutation' | 'Subscription';
const ROOT_TYPES: ReadonlySet<string> = new Set<RootType>(['Query', 'Mutation', 'Subscription']);

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Pothos' plugin registry is a global namespace
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      refusalEvidence: RefusalEvidencePlugin<Types>;
    }
  }
}

type Resolver<Types extends SchemaTypes> = GraphQLFieldResolver<unknown, Types['Context'], object>;

/**
 * Makes the access layer's refusals of authenticated callers evidence (`AccessRefused` in the caller's tenant),
 * recorded before the answer leaves:
 *
 * - `FORBIDDEN`: scope-auth refused the caller's role on a root field (query, mutation or subscription).
 * - `IDEMPOTENCY_CONFLICT`: a mutation reused an idempotency key with other arguments.
 * - `NOT_FOUND`: a mutation, or a query that answers a missing id with an error (`explain`), named an id (or a
 *   model) that is not in the caller's tenant. Every such refusal is recorded the same way, whether the id exists
 *   in another tenant or nowhere: that is how a cross-tenant attempt becomes evidence, and the record tells the
 *   caller's tenant nothing its answer did not. Queries that answer a missing id with null record nothing.
 * - `OUT_OF_RANGE`: a mutation named a step that its tenant's run does not have (`forkRun`'s atStep).
 * - `NAME_RESERVED`: an admin tried to register a tool or model under a built-in or shipped name.
 *
 * Registered first, so it wraps scope-auth and the errors plugin: it only observes what they throw or return
 * (a typed error result is the error itself behind the errors plugin's proxy) and changes nothing.
 */
export class RefusalEvidencePlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: Resolver<Types>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): Resolver<Types> {
    if (!ROOT_TYPES.has(fieldConfig.parentType)) return resolver;
    const root = fieldConfig.parentType as RootType;
    return async (parent, args, context, info) => {
      let result: unknown;
      try {
        result = await resolver(parent, args, context, info);
      } catch (error) {
        await recordRefusalOf(error, root, context, info, args);
        throw error;
      }
      await recordRefusalOf(result, root, context, info, args);
      return result;
    };
  }

  override wrapSubscribe(
    subscribe: Resolver<Types> | undefined,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): Resolver<Types> | undefined {
    if (subscribe === undefined || fieldConfig.parentType !== 'Subscription') return subscribe;
    return async (parent, args, context, info) => {
      try {
        return await subscribe(parent, args, context, info);
      } catch (error) {
        await recordRefusalOf(error, 'Subscription', context, info, args);
        throw error;
      }
    };
  }
}

async function recordRefusalOf(
  outcome: unknown,
  root: RootType,
  context: unknown,
  info: GraphQLResolveInfo,
  args: object,
): Promise<void> {
  const reason = refusalReason(codeOf(outcome), root);
  if (reason !== null)
    await recordAccessRefusal(context as GraphqlContext, info, reason, args as Record<string, unknown>);
}

/** Which refusal `code` (a MirError's or an API error's) is, as evidence, in a `root` operation; null: none. */
export function refusalReason(code: unknown, root: RootType): AccessRefusalReason | null {
  if (code === 'FORBIDDEN') return 'FORBIDDEN';
  if (root === 'Subscription') return null;
  if (NOT_FOUND_CODES.has(code)) return 'NOT_FOUND';
  if (root === 'Query') return null;
  if (code === 'IDEMPOTENCY_CONFLICT') return 'IDEMPOTENCY_CONFLICT';
  if (code === 'RUN_STEP_OUT_OF_RANGE') return 'OUT_OF_RANGE';
  return NAME_RESERVED_CODES.has(code) ? 'NAME_RESERVED' : null;
}

/** The stable code of a thrown error or of a typed error result (whose proxy is no `instanceof Error`). */
export function codeOf(outcome: unknown): unknown {
  if (typeof outcome !== 'object' || outcome === null) return undefined;
  const { code, extensions, message } = outcome as {
    code?: unknown;
    extensions?: { code?: unknown };
    message?: unknown;
  };
  return typeof message === 'string' ? (code ?? extensions?.code) : undefined;
}

export const refusalEvidencePlugin = 'refusalEvidence' as const;
SchemaBuilder.registerPlugin(refusalEvidencePlugin, RefusalEvidencePlugin);
