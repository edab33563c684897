import SchemaBuilder, { BasePlugin } from '@pothos/core';
import type { PothosOutputFieldConfig, SchemaTypes } from '@pothos/core';
import type { GraphQLFieldResolver } from 'graphql';
import type { GraphqlContext } from '../context.js';
import { recordAccessRefusal } from './refusalEvidence.js';

/** Refusals meaning "no such id in your tenant" (another tenant's ids are answered exactly like missing ones). */
const NOT_FOUND_CODES: ReadonlySet<unknown> = new Set(['RUN_NOT_FOUND', 'MEMORY_NOT_FOUND', 'NOT_FOUND']);

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Pothos' plugin registry is a global namespace
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      refusalEvidence: RefusalEvidencePlugin<Types>;
    }
  }
}

/**
 * Records every "not found in your tenant" refusal of a mutation as `AccessRefused` (`NOT_FOUND`) in the caller's
 * tenant, naming the ids of its arguments. Every such refusal is recorded the same way, whether the id exists in
 * another tenant or nowhere: the record is how a cross-tenant attempt becomes evidence, and it tells the caller's
 * tenant nothing its answer did not. Registered after the errors plugin, so it sees the refusal before it becomes
 * a typed result.
 */
export class RefusalEvidencePlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    if (fieldConfig.parentType !== 'Mutation') return resolver;
    return async (parent, args, context, info) => {
      try {
        return await resolver(parent, args, context, info);
      } catch (error) {
        if (NOT_FOUND_CODES.has(codeOf(error)))
          recordAccessRefusal(context as GraphqlContext, info, 'NOT_FOUND', args as Record<string, unknown>);
        throw error;
      }
    };
  }
}

function codeOf(error: unknown): unknown {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, extensions } = error as { code?: unknown; extensions?: { code?: unknown } };
  return code ?? extensions?.code;
}

export const refusalEvidencePlugin = 'refusalEvidence' as const;
SchemaBuilder.registerPlugin(refusalEvidencePlugin, RefusalEvidencePlugin);
