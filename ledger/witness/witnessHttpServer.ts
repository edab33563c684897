import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { MAX_ADD_CHECKPOINT_BYTES } from './addCheckpointRequest.js';
import type { Witness, WitnessAnswer } from './witness.js';

/** The submission path of C2SP tlog-witness, under the witness's URL prefix (here the root). */
export const ADD_CHECKPOINT_PATH = '/add-checkpoint';
const TEXT = 'text/plain; charset=utf-8';

/**
 * The witness's HTTP surface: `POST /add-checkpoint` (C2SP tlog-witness) and nothing else (405 for another method
 * on that path, 404 elsewhere). Bodies over MAX_ADD_CHECKPOINT_BYTES are refused with 413 without being read
 * whole. Every decision is logged (origin, sizes, status, reason); a refusal that may be evidence of a log's
 * misbehaviour (a root that differs at a cosigned size, a proof that fails) is logged with the signed note, which
 * is public. Keys are never logged.
 */
export function createWitnessHttpServer(witness: Witness, logger: Logger): Server {
  return createServer((request, response) => {
    handle(witness, logger, request, response).catch((error: unknown) => {
      logger.error({ err: error }, 'add-checkpoint failed; nothing was cosigned');
      if (!response.headersSent) send(response, 500, TEXT, 'internal error\n');
      else response.destroy();
    });
  });
}

async function handle(
  witness: Witness,
  logger: Logger,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const path = (request.url ?? '/').split('?')[0];
  if (path !== ADD_CHECKPOINT_PATH) return send(response, 404, TEXT, 'not found\n');
  if (request.method !== 'POST') {
    response.setHeader('allow', 'POST');
    return send(response, 405, TEXT, 'method not allowed\n');
  }
  const body = await readBounded(request);
  if (body === undefined) {
    logger.warn({ limit: MAX_ADD_CHECKPOINT_BYTES }, 'add-checkpoint body too large');
    response.setHeader('connection', 'close');
    return send(response, 413, TEXT, `body larger than ${MAX_ADD_CHECKPOINT_BYTES} bytes\n`);
  }
  const answer = witness.addCheckpoint(body);
  logAnswer(logger, answer, body);
  send(response, answer.status, answer.contentType, answer.body);
}

function logAnswer(logger: Logger, answer: WitnessAnswer, body: Uint8Array): void {
  const fields = { status: answer.status, ...answer.outcome };
  if (answer.status === 422 || (answer.status === 409 && answer.outcome.reason.includes('root')))
    logger.warn(
      { ...fields, request: Buffer.from(body).toString('utf8') },
      'checkpoint refused: possible log misbehaviour',
    );
  else logger.info(fields, answer.status === 200 ? 'checkpoint cosigned' : 'checkpoint refused');
}

/**
 * The whole body, or undefined as soon as it exceeds the limit: reading stops there (the rest is never buffered)
 * and the connection is closed once the 413 is sent.
 */
function readBounded(request: IncomingMessage): Promise<Uint8Array | undefined> {
  const declared = Number(request.headers['content-length'] ?? '0');
  if (declared > MAX_ADD_CHECKPOINT_BYTES) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const onData = (chunk: Buffer) => {
      length += chunk.length;
      if (length <= MAX_ADD_CHECKPOINT_BYTES) return void chunks.push(chunk);
      request.off('data', onData);
      request.pause();
      resolve(undefined);
    };
    request.on('data', onData);
    request.once('end', () => resolve(Buffer.concat(chunks)));
    request.once('error', reject);
  });
}

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  response.end(body, () => {
    if (response.getHeader('connection') === 'close') response.socket?.destroy();
  });
}
