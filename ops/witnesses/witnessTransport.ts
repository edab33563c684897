/** A witness's answer to `add-checkpoint`. */
export interface WitnessResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** Largest answer read from a witness: a few signature lines, or a size. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * POSTs an `add-checkpoint` body to `<prefix>/add-checkpoint` and reads the answer (at most 64 KiB).
 * Rejects on network errors, on a timeout and on a larger answer: the caller treats those as "unreachable".
 */
export async function postAddCheckpoint(
  prefix: string,
  body: string,
  timeoutMs: number,
): Promise<WitnessResponse> {
  const response = await fetch(`${prefix}/add-checkpoint`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body: await readBounded(response),
  };
}

async function readBounded(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (reader === undefined) return '';
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (let read = await reader.read(); read.done !== true; read = await reader.read()) {
    length += read.value.length;
    if (length > MAX_RESPONSE_BYTES) {
      await reader.cancel();
      throw new Error(`witness answered more than ${MAX_RESPONSE_BYTES} bytes`);
    }
    chunks.push(read.value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}
