import type { EventReference } from '../runs/runRecords.js';
import type { JsonValue } from '../events/json.js';
import type { ChatToolCall, TokenUsage } from './completionEngine.js';
import type { CompletionDenialReason } from './completionEvents.js';
import type { CompletionErrorCode } from './completionErrors.js';
import type { GrantRefusalReason } from '../approvals/approvalEvents.js';

interface Recorded {
  /** What this answer recorded on the run's stream (for a keyed retry: what the first attempt recorded). */
  readonly events: readonly EventReference[];
}

interface Answered extends Recorded {
  readonly completionId: string;
  readonly engine: string;
  readonly model: string;
  readonly reportedModel: string;
  readonly usage: TokenUsage | null;
  /** Digest of the response blob (`sha256:<hex>`). */
  readonly responseDigest: string;
}

/** What `requestCompletion` and `requestEmbeddings` answer. Every outcome but a thrown error is recorded. */
export type CompletionResult =
  | (Answered & {
      readonly outcome: 'completed';
      readonly content: string;
      readonly toolCalls: readonly ChatToolCall[];
      readonly finishReason: string;
    })
  | (Answered & { readonly outcome: 'embedded'; readonly vectors: readonly (readonly number[])[] })
  | (Recorded & {
      readonly outcome: 'pending_approval';
      readonly completionId: string;
      readonly approvalId: string;
      readonly expiresAt: string;
    })
  | (Recorded & {
      readonly outcome: 'denied';
      readonly completionId: string;
      readonly reason: CompletionDenialReason;
      readonly message: string;
      readonly details: { readonly [key: string]: JsonValue };
    })
  | (Recorded & {
      readonly outcome: 'withheld';
      readonly completionId: string;
      readonly message: string;
      /** The classifier's score of the response (null: none computed). */
      readonly riskScore: number | null;
      readonly determiningPolicies: readonly string[];
    })
  | (Recorded & {
      readonly outcome: 'failed';
      readonly completionId: string;
      readonly reason: CompletionErrorCode;
      readonly message: string;
      readonly attempts: number | null;
    })
  | (Recorded & {
      readonly outcome: 'grant_refused';
      readonly approvalId: string;
      readonly completionId: string | null;
      readonly reason: GrantRefusalReason;
      readonly message: string;
    });
