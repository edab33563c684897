import { ApprovalQueue } from '../approvals/approvalQueue.js';
import { DEFAULT_APPROVAL_LIMITS, PendingApprovalSlots } from '../approvals/pendingApprovalSlots.js';
import type { ApprovalLimits } from '../approvals/pendingApprovalSlots.js';
import type { BlobStore } from '../blobs/blobStore.js';
import { keyedId } from '../commands/commandKeys.js';
import type { CommandDecision } from '../commands/commandHandler.js';
import type { EngineCatalog } from '../engines/engineRegistry.js';
import type { RegisteredEngine } from '../engines/engineEvents.js';
import type { JsonValue } from '../events/json.js';
import type { Clock } from '../ports/clock.js';
import type { EventLog } from '../ports/eventLog.js';
import type { IdGenerator } from '../ports/idGenerator.js';
import { requireActiveRun } from '../runs/runDecider.js';
import type { RunState } from '../runs/runDecider.js';
import { RunStreamWriter } from '../runs/runStreamWriter.js';
import { referenceOf } from '../runs/runRecords.js';
import type { KillSwitch } from '../tenants/killSwitchPort.js';
import { haltedAttempt, NO_KILL_SWITCH } from '../tenants/killSwitchPort.js';
import { ApprovalRoom } from '../toolCalls/approvalRoom.js';
import type { Digester, GovernedOrigin, RiskScore, RiskScorer } from '../toolCalls/ports.js';
import { RunEndWatch } from '../toolCalls/runEndWatch.js';
import type { ToolPolicyGate } from '../toolCalls/toolCallService.js';
import { callAndRecord } from './completionCall.js';
import type { AllowedCall, CompletionDelta } from './completionCall.js';
import { chooseVerdict, completionRefusalBeforePolicy, decideCompletion } from './completionDecider.js';
import type { CompletionDecision, CompletionNext, EngineVerdict, StoredPrompt } from './completionDecider.js';
import type { CompletionEngine, CompletionParameters } from './completionEngine.js';
import type { CompletionKind } from './completionEvents.js';
import { chatRiskText } from './completionPolicy.js';
import { replayCompletion } from './completionReplay.js';
import { CompletionGate } from './completionGate.js';
import type { PolicyFacts } from './completionGate.js';
import { chatPrompt, embeddingsPrompt } from './completionRequest.js';
import type { RequestCompletionCommand, RequestEmbeddingsCommand } from './completionRequest.js';
import type { CompletionResult } from './completionResult.js';

export interface CompletionServiceDependencies {
  readonly log: EventLog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly engines: EngineCatalog;
  readonly engine: CompletionEngine;
  readonly blobs: BlobStore;
  readonly policies: ToolPolicyGate;
  readonly digester: Digester;
  /** Absent, or failing: decided with a null risk score (recorded as such). */
  readonly riskScorer?: RiskScorer;
  readonly killSwitch?: KillSwitch;
  /** Where a streamed completion's pieces go as they arrive (the API's live hub); default: nowhere. */
  readonly onDelta?: (delta: CompletionDelta) => void;
  /** How long a reviewer has to decide a gated completion (default 15 minutes). */
  readonly approvalTtlMs?: number;
  readonly approvalLimits?: ApprovalLimits;
  readonly approvalQueue?: ApprovalQueue;
  readonly maxAttempts?: number;
}

/** One request as the service handles chats and embeddings alike. */
interface Request {
  readonly kind: CompletionKind;
  readonly runId: string;
  readonly engine: string | null;
  readonly prompt: JsonValue;
  readonly riskText: string;
  readonly parameters: CompletionParameters;
  readonly approvalId: string | null;
  readonly call: Pick<AllowedCall, 'messages' | 'tools' | 'inputs' | 'stream'>;
}

type Next = CompletionNext | { readonly call: false; readonly replay: true };

const DEFAULT_APPROVAL_TTL_MS = 15 * 60_000;

/**
 * Governed completions and embeddings, like a tool call: kill switch → engine resolution → run active → budgets →
 * risk score of the prompt → policy (`requestCompletion`) → approval when a policy says so → call → output
 * guardrail (`releaseCompletion`) → record. Prompts and responses are stored only as blobs.
 *
 * - Recorded refusals come back as results: `denied` (`ENGINE_UNKNOWN`, `RUN_BUDGET_EXCEEDED` — which also ends
 *   the run — `POLICY_DENIED`, `APPROVAL_QUEUE_FULL`), `grant_refused`, `withheld`, `failed` (the engine's typed
 *   failure, with attempts).
 * - Thrown, nothing recorded: `TENANT_HALTED` (recorded by the kill switch), `COMPLETION_INVALID`,
 *   `RUN_NOT_FOUND`, `RUN_NOT_ACTIVE`, `COMPLETION_IN_PROGRESS`, `IDEMPOTENCY_CONFLICT`, `CONCURRENCY_EXHAUSTED`,
 *   `POLICY_REQUEST_INVALID`, ledger and blob store errors.
 * - With an idempotency key the completion id derives from it (`keyedId(ids, origin, 'completion', runId)`): a
 *   retry returns the recorded answer (the text read back from the blob store) and calls nothing. The engine's
 *   `Idempotency-Key` derives from the completion id.
 * - A replay of the run (`replayRun`, forks, `runAsOf`) folds the recorded events and never calls an engine again.
 */
export class CompletionService {
  readonly #deps: CompletionServiceDependencies;
  readonly #writer: RunStreamWriter;
  readonly #runEnds: RunEndWatch;
  readonly #limits: ApprovalLimits;
  readonly #slots: PendingApprovalSlots;
  readonly #gate: CompletionGate;

  constructor(deps: CompletionServiceDependencies) {
    this.#deps = deps;
    this.#gate = new CompletionGate(deps);
    this.#writer = new RunStreamWriter(deps.log, deps.clock, deps.ids, deps.maxAttempts);
    this.#runEnds = new RunEndWatch(deps.log);
    this.#limits = deps.approvalLimits ?? DEFAULT_APPROVAL_LIMITS;
    this.#slots = new PendingApprovalSlots(
      deps.approvalQueue ?? new ApprovalQueue(deps.log),
      this.#limits.perTenant,
    );
  }

  async requestCompletion(
    command: RequestCompletionCommand,
    origin: GovernedOrigin,
  ): Promise<CompletionResult> {
    await this.#assertActive('RequestCompletion', command.runId, origin);
    const prompt = chatPrompt(command);
    return this.#request(
      {
        kind: 'chat',
        runId: command.runId,
        engine: command.engine ?? null,
        prompt,
        riskText: chatRiskText(command.messages),
        parameters: command.parameters,
        approvalId: command.approvalId ?? null,
        call: {
          messages: command.messages,
          tools: command.tools ?? [],
          inputs: [],
          stream: command.stream === true,
        },
      },
      origin,
    );
  }

  async requestEmbeddings(
    command: RequestEmbeddingsCommand,
    origin: GovernedOrigin,
  ): Promise<CompletionResult> {
    await this.#assertActive('RequestEmbeddings', command.runId, origin);
    const prompt = embeddingsPrompt(command);
    return this.#request(
      {
        kind: 'embeddings',
        runId: command.runId,
        engine: command.engine,
        prompt,
        riskText: command.inputs.join('\n'),
        parameters: {},
        approvalId: null,
        call: { messages: [], tools: [], inputs: command.inputs, stream: false },
      },
      origin,
    );
  }

  /** Stops watching runs for their end. */
  close(): Promise<void> {
    return this.#runEnds.close();
  }

  async #assertActive(command: string, runId: string, origin: GovernedOrigin): Promise<void> {
    await (this.#deps.killSwitch ?? NO_KILL_SWITCH).assertActive(
      origin.tenant,
      haltedAttempt(command, runId, origin),
    );
  }

  async #request(request: Request, origin: GovernedOrigin): Promise<CompletionResult> {
    const blob = await this.#deps.blobs.putJson(request.prompt);
    const counts = request.prompt as { messages?: unknown[]; tools?: unknown[]; inputs?: unknown[] };
    const prompt: StoredPrompt = {
      blob,
      messageCount: (counts.messages ?? counts.inputs ?? []).length,
      toolCount: (counts.tools ?? []).length,
    };
    const candidates = await this.#candidates(request.engine, origin.tenant);
    const risk = candidates.length === 0 ? null : await this.#gate.score(request.riskText);
    const keyed = origin.idempotencyKey !== undefined && request.approvalId === null;
    const completionId =
      (keyed ? keyedId(this.#deps.ids, origin, 'completion', request.runId) : undefined) ??
      this.#deps.ids.newId();
    const room = new ApprovalRoom(this.#limits, this.#slots);
    const shared = { request, origin, prompt, risk, completionId, candidates, room };
    const written = await this.#writer
      .write(request.runId, origin, (state, now) => this.#decide({ ...shared, state, now, keyed }))
      .catch((error: unknown) => {
        room.settle();
        throw error;
      });
    const next = written.value;
    const pending = 'result' in next && next.result.outcome === 'pending_approval';
    room.settle(pending ? written.appended.at(-1)?.position : undefined);
    if ('replay' in next)
      return replayCompletion(this.#deps.log, this.#deps.blobs, request.runId, completionId, blob.digest);
    if (!next.call) return { ...next.result, events: written.appended.map(referenceOf) };
    const requested = written.appended.findLast((event) => event.type === 'CompletionRequested')!;
    const data = requested.data as { completionId: string; argsDigest: string; requestKey: string };
    return callAndRecord(
      {
        ...this.#deps,
        writer: this.#writer,
        runEnds: this.#runEnds,
        decide: (policyRequest) => this.#deps.policies.decide(policyRequest),
        score: (text) => this.#gate.score(text),
      },
      {
        ...request.call,
        runId: request.runId,
        completionId: data.completionId,
        kind: request.kind,
        engine: next.engine,
        parameters: next.parameters,
        requestKey: data.requestKey,
        promptDigest: blob.digest,
        argsDigest: data.argsDigest,
        before: written.appended,
        state: written.state,
      },
      origin,
    );
  }

  async #decide(input: DecideInput): Promise<CommandDecision<Next>> {
    const { request, origin, state, now } = input;
    if (input.keyed && state.completions.get(input.completionId) !== undefined)
      return { events: [], value: { call: false, replay: true } };
    const context = { tenant: origin.tenant, principal: origin.actor.id, now };
    requireActiveRun(
      request.runId,
      request.kind === 'chat' ? 'RequestCompletion' : 'RequestEmbeddings',
      state,
      context,
    );
    const facts: PolicyFacts = {
      runId: request.runId,
      kind: request.kind,
      origin,
      state,
      now,
      requestedEngine: request.engine,
      prompt: input.prompt,
      parameters: request.parameters,
      risk: input.risk,
      versionInForce: await this.#gate.versionInForce(origin),
    };
    const decision =
      request.approvalId === null
        ? await this.#decideNew(facts, input)
        : await this.#gate.decideResumed(facts, request.approvalId, input.candidates);
    return { events: decision.events, value: decision.next };
  }

  async #decideNew(facts: PolicyFacts, input: DecideInput): Promise<CompletionDecision> {
    const { state, now, origin } = facts;
    const requestKey = `mir-completion-${input.completionId}`;
    const early = completionRefusalBeforePolicy(state, input.candidates, facts.requestedEngine, now);
    const verdicts: EngineVerdict[] = [];
    // Routing: engines in name order until policy allows one (a named engine is the only candidate).
    for (const engine of early === null ? input.candidates : []) {
      verdicts.push(await this.#gate.verdict(facts, engine, false));
      if (verdicts.at(-1)!.decision.outcome === 'allow') break;
    }
    const gated = verdicts.length > 0 && chooseVerdict(verdicts).decision.outcome === 'require_approval';
    const approvalRoom = gated ? await input.room.check(state, now, origin.tenant) : null;
    const approval = { approvalId: this.#deps.ids.newId(), expiresAt: this.#expiresAt(now) };
    return decideCompletion({
      ...facts,
      completionId: input.completionId,
      candidates: input.candidates,
      requestKey,
      verdicts,
      approvalRoom,
      approval,
    });
  }

  async #candidates(engine: string | null, tenant: string): Promise<RegisteredEngine[]> {
    if (engine === null) return this.#deps.engines.list(tenant);
    const found = await this.#deps.engines.find(tenant, engine);
    return found === null ? [] : [found];
  }

  #expiresAt(now: number): string {
    return new Date(now + (this.#deps.approvalTtlMs ?? DEFAULT_APPROVAL_TTL_MS)).toISOString();
  }
}

/** What the decision of one request is made on, inside the run's queue. */
interface DecideInput {
  readonly request: Request;
  readonly origin: GovernedOrigin;
  readonly prompt: StoredPrompt;
  readonly risk: RiskScore | null;
  readonly completionId: string;
  readonly candidates: readonly RegisteredEngine[];
  readonly room: ApprovalRoom;
  readonly state: RunState;
  readonly now: number;
  readonly keyed: boolean;
}
