import type { Registry } from 'prom-client';
import type {
  ApprovalQueue,
  ApprovalService,
  BlobStore,
  Clock,
  CompletionService,
  EngineRegistry,
  EventLog,
  MemoryService,
  PolicyService,
  Principal,
  RefusalRecorder,
  ReplayService,
  RollbackService,
  McpServerService,
  RunCommandService,
  RunForkService,
  TenantControlService,
  TextEmbedder,
  ToolCallService,
  ToolRegistry,
} from '../domain/index.js';
import type { InferenceRuntime } from '../inference/index.js';
import type { CompletionDeltaHub } from './subscriptions/completionDeltaHub.js';
import type { Ledger, VerificationReport, VerifyLedgerOptions } from '../ledger/index.js';
import type { ReadModelQueries, RunAsOf } from '../projections/index.js';

/** How the API is exposed; every limit is explicit (Yoga's own defaults are too permissive). */
export interface GraphqlConfig {
  /** Browser origins allowed to call the API cross-origin. Empty (the default): no CORS headers at all. */
  readonly corsOrigins: readonly string[];
  /** Largest request body (and WebSocket message) in bytes; larger bodies get 413 before parsing. */
  readonly maxRequestBytes: number;
  /**
   * Largest model file `registerModel` accepts, in bytes (default `DEFAULT_MAX_MODEL_UPLOAD_BYTES`, 64 MiB; at most
   * the registry's `MAX_MODEL_BYTES`). Multipart requests to /graphql may carry this much plus `maxRequestBytes`
   * for the operation itself, and only from a key whose role may register models; every other body keeps
   * `maxRequestBytes`. Without `inference` there is nothing to upload to, and multipart bodies keep
   * `maxRequestBytes` too.
   */
  readonly maxModelUploadBytes?: number;
  /** Serve GraphiQL (offline bundle, no CDN) on GET /graphql; also enables introspection. */
  readonly graphiql: boolean;
  /** Field suggestions, introspection and error details for local development only. */
  readonly development: boolean;
}

export const DEFAULT_MAX_REQUEST_BYTES = 64 * 1024;
export const DEFAULT_MAX_MODEL_UPLOAD_BYTES = 64 * 1024 * 1024;

/**
 * Tools, policies, approvals and memory as the API calls them (`ops/governance` composes the real ones; only the
 * methods the API uses are named, so a composition with more satisfies it).
 */
export interface GovernanceServices {
  readonly tools: Pick<ToolRegistry, 'register' | 'list'>;
  readonly toolCalls: Pick<ToolCallService, 'invokeTool' | 'recordToolResult'>;
  readonly approvals: Pick<ApprovalService, 'decideApproval'>;
  readonly approvalQueue: Pick<ApprovalQueue, 'pending' | 'snapshot'>;
  readonly policies: Pick<PolicyService, 'publish' | 'current' | 'versions'>;
  readonly memory: Pick<MemoryService, 'propose' | 'review' | 'apply' | 'retract'>;
  /** Embeds the text of `similarMemories` with the model memory was embedded with. */
  readonly embedder: TextEmbedder;
  /** `rollbackRun`. */
  readonly rollback: Pick<RollbackService, 'rollbackRun'>;
  /** `registerEngine`, `engines`. */
  readonly engines: Pick<EngineRegistry, 'register' | 'list'>;
  /** `requestCompletion`, `requestEmbeddings`. */
  readonly completions: Pick<CompletionService, 'requestCompletion' | 'requestEmbeddings'>;
  /** `registerMcpServer`, `mcpServers`. */
  readonly mcp: Pick<McpServerService, 'register' | 'list'>;
}

/** A witness the server submits its checkpoints to, as configured (`MIR_WITNESSES`): public values only. */
export interface ConfiguredWitness {
  /** Its submission URL (the API answers it without user info). */
  readonly url: string;
  /** Its C2SP verifier key (`<name>+<key id>+base64(0x04 ‖ public key)`). */
  readonly verifierKey: string;
}

/** Why a request has no principal: no header, not `Bearer <token>`, or a token no key answers to (any longer). */
export type UnauthenticatedReason = 'missing' | 'malformed' | 'rejected';

/** What the GraphQL layer needs from the runtime. `ops/` builds it; tests build it from real components. */
export interface GraphqlDeps {
  /** The event log: the `events` query reads full events from it, subscriptions follow it. */
  readonly log: EventLog;
  /** Head, checkpoints, verifier key and proofs. */
  readonly ledger: Ledger;
  readonly queries: ReadModelQueries;
  readonly runs: RunCommandService;
  /** Forks runs (`forkRun`); fork ids come from `runs.newRunId`, as a start's. */
  readonly forks: Pick<RunForkService, 'fork'>;
  /** `replayRun`: re-checks a run's recorded history (state, inference, policy) and records what it found. */
  readonly replay: Pick<ReplayService, 'replay'>;
  /**
   * Models and governed inference. Optional: without it the API serves everything else, and `models`,
   * `registerModel` and `requestInference` answer with an `INFERENCE_UNAVAILABLE` error.
   */
  readonly inference?: InferenceRuntime;
  /**
   * Governed tools, policies, approvals and memory. Optional: without it every governance field answers with a
   * `GOVERNANCE_UNAVAILABLE` error.
   */
  readonly governance?: GovernanceServices;
  /** The tenant kill switch; without it `haltTenant`, `resumeTenant` and `tenantStatus` answer `GOVERNANCE_UNAVAILABLE`. */
  readonly tenants?: Pick<TenantControlService, 'halt' | 'resume' | 'status'>;
  /**
   * Where refusals of authenticated callers are recorded (`AccessRefused` on `refusals-<tenant>`): a role that may
   * not use a field (`FORBIDDEN`), an id not found in the caller's tenant on a mutation or `explain` (`NOT_FOUND`). Without it
   * nothing is recorded.
   */
  readonly refusals?: Pick<RefusalRecorder, 'record'>;
  /** Where streamed completions' pieces are heard (`runActivity`); without it, only recorded events are delivered. */
  readonly completionDeltas?: Pick<CompletionDeltaHub, 'listen'>;
  /** The blobs the ledger's events name (prompts, responses): evidence bundles carry them. */
  readonly blobs?: BlobStore;
  /** The witnesses checkpoints are submitted to (`ledger { witnesses }`); default none. */
  readonly witnesses?: readonly ConfiguredWitness[];
  /** The clock deadlines are read against (an approval's `expired`); default: the wall clock. */
  readonly clock?: Clock;
  /** Resolves once every projection has applied `position` (read-your-writes after a mutation). */
  waitForProjection(position: number): Promise<void>;
  /**
   * A run of `tenant` folded from the ledger up to and including global position `asOf`; null when it did not
   * exist by then or is another tenant's (projections' `runAsOf(log, tenant, runId, asOf)`).
   */
  runAsOf(tenant: string, runId: string, asOf: number): Promise<RunAsOf | null>;
  /**
   * Splits a published policy-set text into each policy's text by `@id` (null when it cannot), so that `explain`
   * shows the determining policies' text; without it those texts are null.
   */
  splitPolicies?(text: string): Readonly<Record<string, string>> | null;
  /** The principal of an `Authorization` header value, or null (missing, malformed, unknown or revoked key). */
  authenticate(authorization: string | null): Promise<Principal | null>;
  /** Told of each request (or WebSocket operation) that has no principal, and why; for metrics, never the ledger. */
  onUnauthenticated?(reason: UnauthenticatedReason): void;
  /**
   * Verifies the ledger (the `verifyLedger` query and the `ledgerVerification` subscription): `watch.onProgress`
   * hears (verified, total) as it goes; once `watch.signal` aborts, the work stops and the promise rejects.
   */
  verifyLedger(
    range: { fromPosition?: number; toPosition?: number },
    watch?: Pick<VerifyLedgerOptions, 'onProgress' | 'signal'>,
  ): Promise<VerificationReport>;
  readonly config: GraphqlConfig;
  /** When given, request latency is recorded in it (`mir_graphql_request_duration_seconds`). */
  readonly registry?: Registry;
}
