import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import SimpleObjectsPlugin from '@pothos/plugin-simple-objects';
import ValidationPlugin from '@pothos/plugin-validation';
import { GraphQLError } from './graphqlJs.js';
import type { JsonValue } from '../domain/index.js';
import { forbiddenError, unauthenticatedError } from './access/accessErrors.js';
import { hasCapability } from './access/capabilities.js';
import { refusalEvidencePlugin } from './access/refusalEvidencePlugin.js';
import type { Capability } from './access/capabilities.js';
import type { GraphqlContext } from './context.js';
import type { UploadedFile } from './uploads/uploadedFile.js';

/**
 * The one schema builder. Plugin order matters: refusal evidence only observes, outermost, so it sees scope-auth's
 * refusals and the typed results the errors plugin makes; scope-auth wraps every other plugin (nothing runs before
 * the caller is authorized); errors comes before validation so typed results wrap validated resolvers.
 */
export const builder = new SchemaBuilder<{
  Context: GraphqlContext;
  AuthScopes: { can: Capability };
  Scalars: {
    JSON: { Input: JsonValue; Output: JsonValue };
    Position: { Input: number; Output: number };
    File: { Input: UploadedFile; Output: never };
  };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: { list: false; items: false };
  DefaultNodeNullability: false;
}>({
  defaultFieldNullability: false,
  plugins: [
    refusalEvidencePlugin,
    ScopeAuthPlugin,
    ErrorsPlugin,
    ValidationPlugin,
    RelayPlugin,
    SimpleObjectsPlugin,
  ],
  scopeAuth: {
    authorizeOnSubscribe: true,
    authScopes: (context) => ({ can: (capability) => hasCapability(context.principal, capability) }),
    unauthorizedError: (_parent, context, info) =>
      context.principal === null
        ? unauthenticatedError()
        : forbiddenError(`${info.parentType.name}.${info.fieldName}`, context.principal.role),
  },
  errors: { defaultTypes: [] },
  validation: {
    validationError: (failure) =>
      new GraphQLError(`invalid arguments: ${failure.issues.map(describeIssue).join('; ')}`, {
        extensions: { code: 'BAD_USER_INPUT' },
      }),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    edgesFieldOptions: { nullable: { list: false, items: false } },
    nodeFieldOptions: { nullable: false },
  },
});

function describeIssue(issue: { message: string; path?: ReadonlyArray<PropertyKey | { key: PropertyKey }> }) {
  const path = (issue.path ?? []).map((part) => String(typeof part === 'object' ? part.key : part)).join('.');
  return path === '' ? issue.message : `${path}: ${issue.message}`;
}

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
