import { lexicographicSortSchema, printSchema } from './graphqlJs.js';
import type { GraphQLSchema } from 'graphql';
import { builder } from './builder.js';
// Types and root fields register themselves on the builder when imported.
import './types/jsonScalar.js';
import './types/positionScalar.js';
import './types/fileScalar.js';
import './types/enums.js';
import './types/apiKey.js';
import './types/actor.js';
import './types/checkpoint.js';
import './types/event.js';
import './types/runStep.js';
import './types/run.js';
import './types/runFork.js';
import './types/connections.js';
import './types/errorTypes.js';
import './types/signingKey.js';
import './types/ledgerInfo.js';
import './types/proofs.js';
import './types/verificationReport.js';
import './types/runCommandPayload.js';
import './types/tensorTypes.js';
import './types/model.js';
import './types/inferenceErrorTypes.js';
import './types/inferencePayload.js';
import './types/registerModelPayload.js';
import './types/governanceErrorTypes.js';
import './types/policySet.js';
import './types/tool.js';
import './types/toolCallResult.js';
import './types/approval.js';
import './types/memory.js';
import './types/tenantStatus.js';
import './types/explanationSections.js';
import './types/explanation.js';
import './types/runReplay.js';
import './types/rollbackErrorTypes.js';
import './types/rollbackResult.js';
import './queries/runQueries.js';
import './queries/eventQueries.js';
import './queries/ledgerQueries.js';
import './queries/proofQueries.js';
import './queries/modelQueries.js';
import './queries/policyQueries.js';
import './queries/toolQueries.js';
import './queries/approvalQueries.js';
import './queries/memoryQueries.js';
import './queries/evidenceQueries.js';
import './queries/explainQueries.js';
import './queries/viewerQueries.js';
import './mutations/startRun.js';
import './mutations/forkRun.js';
import './mutations/recordStep.js';
import './mutations/endRun.js';
import './mutations/registerModel.js';
import './mutations/requestInference.js';
import './mutations/publishPolicy.js';
import './mutations/registerTool.js';
import './mutations/invokeTool.js';
import './mutations/decideApproval.js';
import './mutations/memory.js';
import './mutations/tenantControl.js';
import './mutations/replayRun.js';
import './mutations/rollbackRun.js';
import './subscriptions/runEvents.js';
import './subscriptions/runUpdates.js';
import './subscriptions/ledgerTail.js';
import './subscriptions/approvalUpdates.js';
import './subscriptions/ledgerVerification.js';

/** The API's schema, built once; it holds no runtime state (everything arrives in the request context). */
export const schema: GraphQLSchema = builder.toSchema();

/** The schema as SDL, sorted, for the snapshot test and for clients' code generation. */
export function printedSchema(): string {
  return printSchema(lexicographicSortSchema(schema));
}
