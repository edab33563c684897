import { describe, expect, it } from 'vitest';
import type { VerificationReport } from '../../ledger/index.js';
import { verificationProgress } from './verificationProgress.js';
import type { StartVerification } from './verificationProgress.js';

const REPORT = { ok: true, eventsVerified: 1000 } as VerificationReport;

/** A verification the test drives: it reports what the test says, and settles when told. */
function driven() {
  let watch: Parameters<StartVerification>[0] | undefined;
  let settle: (report: VerificationReport) => void = () => {};
  const start: StartVerification = (given) => {
    watch = given;
    return new Promise((resolve) => (settle = resolve));
  };
  return { start, watch: () => watch!, settle: (report: VerificationReport) => settle(report) };
}

async function drain<T>(iterator: AsyncIterator<T>): Promise<T[]> {
  const items: T[] = [];
  for (let step = await iterator.next(); step.done !== true; step = await iterator.next())
    items.push(step.value);
  return items;
}

describe('verificationProgress', () => {
  it('given a burst of progress within one interval, then one progress item with the latest figures, then the report', async () => {
    const verification = driven();
    const stream = verificationProgress(verification.start, 60_000);
    for (let verified = 1; verified <= 1000; verified++) verification.watch().onProgress(verified, 2000);
    const first = await stream.next();
    expect(first.value).toEqual({ eventsVerified: 1000, total: 2000, done: false, report: null });
    verification.watch().onProgress(1500, 2000); // within the interval: folded into what follows
    verification.settle(REPORT);
    expect(await drain(stream)).toEqual([{ eventsVerified: 1000, total: 2000, done: true, report: REPORT }]);
  });

  it('given progress after the interval, then each is sent', async () => {
    const verification = driven();
    const stream = verificationProgress(verification.start, 0);
    verification.watch().onProgress(10, 30);
    expect((await stream.next()).value).toMatchObject({ eventsVerified: 10, done: false });
    verification.watch().onProgress(20, 30);
    expect((await stream.next()).value).toMatchObject({ eventsVerified: 20, done: false });
  });

  it('when the subscriber goes away while waiting, then the verification is aborted and the stream ends', async () => {
    const verification = driven();
    const stream = verificationProgress(verification.start);
    const waiting = stream.next();
    await stream.return!();
    expect(verification.watch().signal.aborted).toBe(true);
    expect(await waiting).toEqual({ done: true, value: undefined });
  });

  it('given a verification that fails, then the stream ends with its error', async () => {
    const stream = verificationProgress(() => Promise.reject(new Error('worker exited with code 1')));
    await expect(stream.next()).rejects.toThrow('worker exited with code 1');
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });
});
