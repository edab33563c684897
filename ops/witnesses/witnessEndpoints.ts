import { isMirError } from '../../domain/index.js';
import { parseWitnessKey } from '../../ledger/index.js';
import type { WitnessKey } from '../../ledger/index.js';

/** A witness the server submits its checkpoints to. */
export interface WitnessEndpoint {
  /** The witness's submission prefix; `add-checkpoint` is posted to `<url>/add-checkpoint`. */
  readonly url: string;
  /** Its C2SP verifier key as configured (`<name>+<key id>+base64(0x04 ‖ public key)`). */
  readonly verifierKey: string;
  readonly key: WitnessKey;
}

/**
 * Parses `MIR_WITNESSES` / `mir serve --witnesses`: entries separated by commas or whitespace, each
 * `<url>=<witness verifier key>` where url is an http(s) URL without query or fragment (split at its first `=`),
 * e.g. `http://127.0.0.1:4100=mir.witness/1a2b+9c0d1e2f+BH…`. Empty or absent: no witnesses.
 *
 * @throws the error `invalid(message)` builds, naming the entry at fault.
 */
export function parseWitnessEndpoints(
  text: string | undefined,
  invalid: (message: string) => Error,
): WitnessEndpoint[] {
  if (text === undefined || text.trim() === '') return [];
  return text
    .split(/[\s,]+/)
    .filter((entry) => entry !== '')
    .map((entry) => {
      const split = entry.indexOf('=');
      if (split < 0) throw invalid(`witness ${JSON.stringify(entry)} is not <url>=<verifier key>`);
      const url = parseUrl(entry.slice(0, split), invalid);
      const verifierKey = entry.slice(split + 1);
      try {
        return { url, verifierKey, key: parseWitnessKey(verifierKey) };
      } catch (error) {
        if (!isMirError(error)) throw error;
        throw invalid(`witness ${url}: ${error.message}`);
      }
    });
}

function parseUrl(text: string, invalid: (message: string) => Error): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(`witness URL ${JSON.stringify(text)} is not a URL`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search !== '' || url.hash !== '')
    throw invalid(`witness URL ${JSON.stringify(text)} must be http(s) without query or fragment`);
  return text.replace(/\/+$/, '');
}
