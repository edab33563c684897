/** Size limits applied to every append before anything is written. */
export interface LedgerLimits {
  /** Largest single event: UTF-8 bytes of its canonical data plus meta. Default 1 MiB. */
  readonly maxEventBytes: number;
  /** Most events in one append. Default 10,000. */
  readonly maxEventsPerAppend: number;
  /** Largest append in total bytes. Default 64 MiB. */
  readonly maxAppendBytes: number;
}

export const DEFAULT_LEDGER_LIMITS: LedgerLimits = Object.freeze({
  maxEventBytes: 1024 * 1024,
  maxEventsPerAppend: 10_000,
  maxAppendBytes: 64 * 1024 * 1024,
});

export function resolveLimits(overrides: Partial<LedgerLimits> = {}): LedgerLimits {
  return Object.freeze({ ...DEFAULT_LEDGER_LIMITS, ...overrides });
}
