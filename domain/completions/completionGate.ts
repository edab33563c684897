import type { EngineCatalog } from '../engines/engineRegistry.js';
import type { RegisteredEngine } from '../engines/engineEvents.js';
import type { RunState } from '../runs/runDecider.js';
import type { Digester, GovernedOrigin, RiskScore, RiskScorer } from '../toolCalls/ports.js';
import type { ToolPolicyGate } from '../toolCalls/toolCallService.js';
import { approvedEngineName, checkCompletionGrant, decideResumedCompletion } from './completionApproval.js';
import { sentParameters } from './completionDecider.js';
import type { CompletionDecision, EngineVerdict, StoredPrompt } from './completionDecider.js';
import type { CompletionParameters } from './completionEngine.js';
import type { CompletionKind } from './completionEvents.js';
import { completionArgs, completionPolicyRequest } from './completionPolicy.js';

export interface CompletionGateDependencies {
  readonly engines: EngineCatalog;
  readonly policies: ToolPolicyGate;
  readonly digester: Digester;
  readonly riskScorer?: RiskScorer;
}

/**
 * What `CompletionService` asks before deciding: the risk score of a text, policy's verdict on an engine, the
 * policy-set version in force, and, for a resume, the engine the approval names and the grant's checks.
 */
export class CompletionGate {
  readonly #deps: CompletionGateDependencies;

  constructor(deps: CompletionGateDependencies) {
    this.#deps = deps;
  }

  /** The engine a resume goes to: the one named, else the one the approval names (if the tenant still has it). */
  async decideResumed(
    facts: PolicyFacts,
    approvalId: string,
    candidates: readonly RegisteredEngine[],
  ): Promise<CompletionDecision> {
    const approval = facts.state.approvals.get(approvalId);
    const approvedName = approval === undefined ? null : approvedEngineName(approval.tool);
    const name = facts.requestedEngine ?? approvedName;
    const engine =
      facts.requestedEngine !== null
        ? (candidates[0] ?? null)
        : name === null
          ? null
          : await this.#deps.engines.find(facts.origin.tenant, name);
    const argsDigest =
      engine === null
        ? this.#deps.digester.digest(null)
        : this.#deps.digester.digest(completionArgs(engine, facts.prompt.blob.digest, facts.parameters));
    const completionId = approval?.callId ?? '';
    const resumed = {
      ...facts,
      approvalId,
      engine,
      argsDigest,
      requestKey: `mir-completion-${completionId}`,
    };
    if (engine === null || !checkCompletionGrant(resumed).ok) return decideResumedCompletion(resumed);
    const verdict = await this.verdict(facts, engine, true);
    return decideResumedCompletion({ ...resumed, decision: verdict.decision });
  }

  /** Policy's verdict on sending the request to `engine`. */
  async verdict(facts: PolicyFacts, engine: RegisteredEngine, approved: boolean): Promise<EngineVerdict> {
    const promptDigest = facts.prompt.blob.digest;
    const argsDigest = this.#deps.digester.digest(completionArgs(engine, promptDigest, facts.parameters));
    const request = completionPolicyRequest(
      {
        ...facts,
        action: 'requestCompletion',
        engine,
        promptDigest,
        argsDigest,
        maxTokens: sentParameters(facts.state, facts.parameters).maxTokens ?? null,
        messages: facts.prompt.messageCount,
        tools: facts.prompt.toolCount,
        approved,
        finishReason: null,
      },
      facts.origin,
    );
    return { engine, argsDigest, decision: await this.#deps.policies.decide(request) };
  }

  async versionInForce(origin: GovernedOrigin): Promise<number | null> {
    return (await this.#deps.policies.current(origin.tenant))?.version ?? null;
  }

  async score(text: string): Promise<RiskScore | null> {
    const scorer = this.#deps.riskScorer;
    if (scorer === undefined) return null;
    try {
      const risk = await scorer.score(text);
      return Number.isFinite(risk.score) && risk.score >= 0 && risk.score <= 1 ? risk : null;
    } catch {
      // A scorer failure must not block or allow anything by itself: policies see "no score" and decide.
      return null;
    }
  }
}

/** The facts every policy question about a request shares. */
export interface PolicyFacts {
  readonly runId: string;
  readonly kind: CompletionKind;
  readonly origin: GovernedOrigin;
  readonly state: RunState;
  readonly now: number;
  readonly requestedEngine: string | null;
  readonly prompt: StoredPrompt;
  readonly parameters: CompletionParameters;
  readonly risk: RiskScore | null;
  readonly versionInForce: number | null;
}
