import type { JsonObject, PolicyRequest, SideEffectClass } from '../../domain/index.js';

export interface ExampleRequestOptions {
  readonly tenant?: string;
  readonly role?: string;
  readonly tool?: string;
  readonly version?: string;
  readonly sideEffect?: SideEffectClass;
  readonly riskTags?: readonly string[];
  readonly args?: JsonObject;
  readonly riskScore?: number | null;
  readonly approved?: boolean;
  readonly runStatus?: string;
  readonly toolCalls?: number;
  readonly maxToolCalls?: number | null;
}

/** A tool-call decision request with plausible defaults (an app reading `kv.get` in a running run). */
export function exampleRequest(options: ExampleRequestOptions = {}): PolicyRequest {
  const name = options.tool ?? 'kv.get';
  const version = options.version ?? '1.0';
  const sideEffect = options.sideEffect ?? 'read';
  return {
    principal: { id: 'key-app', role: options.role ?? 'app' },
    tenant: options.tenant ?? 'acme',
    action: 'invokeTool',
    resource: { name, version, sideEffect },
    context: {
      run: {
        id: 'run-1',
        status: options.runStatus ?? 'running',
        toolCalls: options.toolCalls ?? 0,
        inferenceCalls: 0,
        budget: {
          maxToolCalls: options.maxToolCalls ?? null,
          maxInferenceCalls: null,
          maxSteps: null,
          maxWallTimeMs: null,
        },
      },
      tool: { name, version, sideEffect, riskTags: options.riskTags ?? [] },
      argsDigest: 'sha256:args',
      args: options.args ?? { key: 'greeting' },
      riskScore: options.riskScore === undefined ? 0.1 : options.riskScore,
      approved: options.approved ?? false,
    },
  };
}
