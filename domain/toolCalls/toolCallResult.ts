import type { JsonValue } from '../events/json.js';
import type { AppendedEvent } from '../ports/eventLog.js';
import type { CompensatingCall } from '../tools/compensation.js';

/**
 * What `invokeTool` returns. Every variant was recorded on the run's stream (`events`, in order): a refusal is
 * evidence, so it is a result, not an exception. Exceptions mean nothing was recorded (see `ToolCallService`).
 */
export type ToolCallResult =
  | {
      readonly outcome: 'completed';
      readonly callId: string;
      readonly output: JsonValue;
      readonly outputDigest: string;
      readonly compensation: CompensatingCall | null;
      readonly events: readonly AppendedEvent[];
    }
  | {
      readonly outcome: 'failed';
      readonly callId: string;
      /** A `ToolErrorCode` (`TOOL_TIMEOUT`, `TOOL_OUTPUT_INVALID`, …) or `APP_REPORTED_ERROR`. */
      readonly reason: string;
      readonly message: string;
      readonly events: readonly AppendedEvent[];
    }
  | {
      readonly outcome: 'denied';
      readonly callId: string;
      /** A `ToolCallDenialReason`. */
      readonly reason: string;
      readonly message: string;
      readonly details: { readonly [key: string]: JsonValue };
      readonly events: readonly AppendedEvent[];
    }
  | {
      /** An approval grant presented with the call was refused (`ApprovalGrantRefused`); nothing ran. */
      readonly outcome: 'grant_refused';
      readonly approvalId: string;
      readonly callId: string | null;
      /** A `GrantRefusalReason`. */
      readonly reason: string;
      readonly message: string;
      readonly events: readonly AppendedEvent[];
    }
  | {
      readonly outcome: 'pending_approval';
      readonly callId: string;
      readonly approvalId: string;
      readonly expiresAt: string;
      readonly events: readonly AppendedEvent[];
    }
  | {
      /** An app-executed call was allowed: run it, then report with `recordToolResult` and this grant. */
      readonly outcome: 'granted';
      readonly callId: string;
      readonly grantId: string;
      readonly argsDigest: string;
      readonly expiresAt: string;
      readonly events: readonly AppendedEvent[];
    };

/** What `recordToolResult` returns; `refused` was recorded as `ToolResultRefused`. */
export type ToolResultOutcome =
  | Extract<ToolCallResult, { outcome: 'completed' | 'failed' }>
  | {
      readonly outcome: 'refused';
      readonly callId: string;
      /** A `ToolResultRefusalReason`. */
      readonly reason: string;
      readonly message: string;
      readonly events: readonly AppendedEvent[];
    };
