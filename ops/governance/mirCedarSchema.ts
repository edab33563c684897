/**
 * MIR's Cedar schema: the entity types, actions and request context policies are validated against at publish.
 *
 * - principal `Mir::Principal::"<key id>"` — `role` (auditor | app | reviewer | admin), `tenant`.
 * - action `Mir::Action::"invokeTool"` — further governed actions join here, each with its resource and context.
 * - resource `Mir::Tool::"<name>@<version>"` — `name`, `version`, `sideEffect` (read | reversible | irreversible).
 * - `Mir::Args::"<args digest>"` — the call's arguments as entity tags, one per top-level key: string values as
 *   they are, every other value as its canonical JSON text (`context.args.hasTag("host") &&
 *   context.args.getTag("host") like "*.internal"`). Tags, because the arguments' shape differs per tool while
 *   the schema must type every attribute.
 * - context:
 *   - `tenant` — the tenant of the request;
 *   - `run` — `id`, `status`, `toolCalls`, `inferenceCalls` used so far, `budget` with optional limits
 *     (`maxToolCalls`, `maxInferenceCalls`, `maxSteps`, `maxWallTimeMs`; absent = unlimited);
 *   - `tool` — `name`, `version`, `sideEffect`, `riskTags` (a set of strings);
 *   - `argsDigest`, `args` (above);
 *   - `riskScoreBp` — the risk classifier's score in basis points, an integer 0..10000 (0.7 → 7000), absent when
 *     no score was computed (Cedar has no floating point; `decimal` would force `.greaterThan(decimal("0.7"))`
 *     on every author, integers compare with `>`). The validator makes policies test `context has riskScoreBp`;
 *   - `approved` — a valid approval grant for this exact request was presented (MIR also lifts approval gates).
 * - action `Mir::Action::"rollbackRun"` — rolling a run back. Its resource is the pseudo tool
 *   `Mir::Tool::"rollbackRun@1"` (sideEffect `irreversible` when the rollback leaves irreversible effects behind,
 *   else `reversible`) and its context is invokeTool's (args tags: `runId`, `point`) plus `rollback` —
 *   `compensations`, `irreversible`, `unresolved`, `memories` (counts of the plan). Same shape on purpose: policies
 *   written for tool calls without an action constraint keep validating; a policy reading `context.rollback` must
 *   name `action == Mir::Action::"rollbackRun"`.
 * - action `Mir::Action::"requestCompletion"` — a chat completion or embeddings request to a registered remote
 *   engine. Its resource is the pseudo tool `Mir::Tool::"engine:<name>@<model>"` (sideEffect `read`) and its
 *   context is invokeTool's (args tags: `engine`, `model`, `promptDigest`; `riskScoreBp`: the classifier's score
 *   of the prompt's text) plus `completion` — `kind` (chat | embeddings), `engine`, `model`, `locality` (local |
 *   remote, as the admin declared it), `host` (of the base URL), `maxTokens` (as sent; absent when none),
 *   `messages`, `tools` (counts). "This tenant's data only to local engines":
 *   `forbid (principal, action == Mir::Action::"requestCompletion", resource) when { context.completion.locality
 *   == "remote" };`
 * - action `Mir::Action::"releaseCompletion"` — the output guardrail: whether a response may be handed to the
 *   caller. Same resource and context, `riskScoreBp` being the score of the RESPONSE text, and
 *   `completion.finishReason` set. A deny withholds the response (recorded as evidence, never returned).
 * - `run` also carries `completionCalls` and `tokensUsed`; `Budget` `maxCompletionCalls` and `maxTokens`.
 */
export const MIR_CEDAR_SCHEMA = `namespace Mir {
  entity Principal = { role: String, tenant: String };
  entity Tool = { name: String, version: String, sideEffect: String };
  entity Args tags String;

  type Budget = {
    maxToolCalls?: Long,
    maxInferenceCalls?: Long,
    maxSteps?: Long,
    maxWallTimeMs?: Long,
    maxCompletionCalls?: Long,
    maxTokens?: Long,
  };
  type RunContext = {
    id: String,
    status: String,
    toolCalls: Long,
    inferenceCalls: Long,
    completionCalls: Long,
    tokensUsed: Long,
    budget: Budget,
  };
  type ToolContext = { name: String, version: String, sideEffect: String, riskTags: Set<String> };
  type RollbackContext = { compensations: Long, irreversible: Long, unresolved: Long, memories: Long };
  type CompletionContext = {
    kind: String,
    engine: String,
    model: String,
    locality: String,
    host: String,
    maxTokens?: Long,
    messages: Long,
    tools: Long,
    finishReason?: String,
  };
  type CompletionActionContext = {
    tenant: String,
    run: RunContext,
    tool: ToolContext,
    argsDigest: String,
    args: Args,
    riskScoreBp?: Long,
    approved: Bool,
    completion: CompletionContext,
  };

  action invokeTool appliesTo {
    principal: Principal,
    resource: Tool,
    context: {
      tenant: String,
      run: RunContext,
      tool: ToolContext,
      argsDigest: String,
      args: Args,
      riskScoreBp?: Long,
      approved: Bool,
    }
  };

  action rollbackRun appliesTo {
    principal: Principal,
    resource: Tool,
    context: {
      tenant: String,
      run: RunContext,
      tool: ToolContext,
      argsDigest: String,
      args: Args,
      riskScoreBp?: Long,
      approved: Bool,
      rollback: RollbackContext,
    }
  };

  action requestCompletion appliesTo {
    principal: Principal,
    resource: Tool,
    context: CompletionActionContext,
  };

  action releaseCompletion appliesTo {
    principal: Principal,
    resource: Tool,
    context: CompletionActionContext,
  };
}
`;

export const MIR_ENTITY = {
  principal: 'Mir::Principal',
  tool: 'Mir::Tool',
  args: 'Mir::Args',
  action: 'Mir::Action',
} as const;
