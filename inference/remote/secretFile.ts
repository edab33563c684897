import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { CompletionError } from '../../domain/index.js';

/** Why a key file was refused, as `details.reason` says it. */
export type SecretFileProblem =
  'missing' | 'not a regular file' | 'readable or writable by group or others' | 'unreadable' | 'empty';

function refused(file: string, engine: string | undefined, reason: SecretFileProblem, cause?: unknown) {
  return new CompletionError(
    'ENGINE_SECRET_UNREADABLE',
    `The API key file of engine '${engine ?? '(unregistered)'}' cannot be used: ${reason}.`,
    { ...(engine === undefined ? {} : { engine }), file, reason },
    cause,
  );
}

/**
 * Reads an API key file: a regular file this process can read, with no permission bits for group or others
 * (`mode & 0o077 === 0`, like ssh's private keys), holding the key (surrounding whitespace dropped). The file is
 * checked through the descriptor it is read from, so it cannot be swapped in between. Symbolic links are
 * followed (mounted secrets are links). Throws `ENGINE_SECRET_UNREADABLE` with `details` { engine, file,
 * reason }; the key itself is never in an error.
 */
export async function readSecretFile(file: string, engine?: string): Promise<string> {
  let handle;
  try {
    // Non-blocking: a FIFO planted in its place opens at once (and is refused below) instead of hanging the call.
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw refused(file, engine, code === 'ENOENT' ? 'missing' : 'unreadable');
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw refused(file, engine, 'not a regular file');
    if ((stats.mode & 0o077) !== 0) throw refused(file, engine, 'readable or writable by group or others');
    const key = (await handle.readFile('utf8')).trim();
    if (key.length === 0) throw refused(file, engine, 'empty');
    return key;
  } catch (error) {
    if (error instanceof CompletionError) throw error;
    throw refused(file, engine, 'unreadable');
  } finally {
    await handle.close();
  }
}

/** Refuses a key file `readSecretFile` would refuse (registration checks it up front); reads nothing out. */
export async function checkSecretFile(file: string, engine?: string): Promise<void> {
  await readSecretFile(file, engine);
}
