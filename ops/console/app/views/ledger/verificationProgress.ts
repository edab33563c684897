/** A `VerificationReport` as the view asks for it. */
export interface LedgerReport {
  readonly ok: boolean;
  readonly eventsVerified: number;
  readonly checkpointsVerified: number;
  readonly streams: number;
  readonly uncoveredEvents: number;
  readonly keySource: string;
  readonly origin: string | null;
  readonly latestCheckpoint: {
    readonly treeSize: number;
    readonly rootHash: string;
    readonly timestamp: string;
  } | null;
  readonly failure: {
    readonly code: string;
    readonly message: string;
    readonly stream: string | null;
    readonly revision: number | null;
    readonly position: number | null;
    readonly expected: unknown;
    readonly actual: unknown;
  } | null;
}

/** One item of the `ledgerVerification` subscription: the report comes on the last item only. */
export interface VerificationProgress {
  readonly eventsVerified: number;
  readonly total: number;
  readonly done: boolean;
  readonly report: LedgerReport | null;
}

/** Where a "Verify now" stands: the latest progress item (or none yet), and its percentage (0..100, whole). */
export function progressPercent(progress: VerificationProgress | null): number {
  if (progress === null) return 0;
  if (progress.done) return 100;
  if (progress.total <= 0) return 0;
  return Math.min(100, Math.floor((progress.eventsVerified / progress.total) * 100));
}

/** The outcome of a verification in words: what was verified, or the first failure with the values that disagree. */
export interface LedgerOutcome {
  readonly ok: boolean;
  readonly headline: string;
  readonly details: readonly string[];
}

/**
 * "Ledger verified: …" when the report is ok, else "Ledger NOT verified — CODE: message" with where (position,
 * stream, revision) and the expected and actual values. Events past the latest checkpoint are named: verified by
 * hash and chain, not yet by a signature.
 */
export function ledgerOutcome(report: LedgerReport): LedgerOutcome {
  if (report.ok) {
    const checkpoint = report.latestCheckpoint;
    return {
      ok: true,
      headline: `Ledger verified: ${report.eventsVerified} event(s) in ${report.streams} stream(s), ${report.checkpointsVerified} checkpoint(s).`,
      details: [
        checkpoint === null
          ? 'No signed checkpoint yet.'
          : `Latest checkpoint: tree size ${checkpoint.treeSize}, root ${checkpoint.rootHash}, ${checkpoint.timestamp}.`,
        ...(report.uncoveredEvents > 0
          ? [`${report.uncoveredEvents} event(s) after it are not yet covered by a signed checkpoint.`]
          : []),
        `Signatures checked against ${report.keySource === 'pinned' ? 'the pinned key' : 'the key the ledger registered (not a pinned key)'}. This answer comes from the server being checked: run mir verify with your pinned key for an independent check.`,
      ],
    };
  }
  const failure = report.failure;
  if (failure === null) return { ok: false, headline: 'Ledger NOT verified (no failure named)', details: [] };
  const where = [
    failure.position === null ? null : `position ${failure.position}`,
    failure.stream === null ? null : `stream ${failure.stream}`,
    failure.revision === null ? null : `revision ${failure.revision}`,
  ].filter((part): part is string => part !== null);
  return {
    ok: false,
    headline: `Ledger NOT verified — ${failure.code}: ${failure.message}`,
    details: [
      ...(where.length === 0 ? [] : [`At ${where.join(', ')}.`]),
      ...(failure.expected === null || failure.expected === undefined
        ? []
        : [`Expected: ${json(failure.expected)}`]),
      ...(failure.actual === null || failure.actual === undefined ? [] : [`Actual: ${json(failure.actual)}`]),
    ],
  };
}

function json(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
