import { pino } from 'pino';
import type { Role } from '../../../domain/index.js';
import { loadRuntimeConfig } from '../../config/runtimeConfig.js';
import { startMirRuntime } from '../../runtime/mirRuntime.js';
import type { RuntimeFiles } from '../../runtime/mirRuntime.js';

/**
 * A real MIR server on `dataDir` (port 0, silent logs), its first admin key, and a way to issue keys of other roles
 * in the admin's tenant: what a CLI test writes through before the CLI reads the directory. `files` serves built
 * files from elsewhere (the console tests pass a fresh console build).
 */
export async function serverOnDataDir(dataDir: string, files: RuntimeFiles = {}) {
  const runtime = await startMirRuntime(
    loadRuntimeConfig({ data: dataDir, port: '0' }, {}),
    pino({ level: 'silent' }),
    files,
  );
  const admin = runtime.bootstrapKey!;
  const operator = { kind: 'user', id: 'test-operator' } as const;
  const issue = (role: Role) => runtime.apiKeys.issue({ role, tenant: admin.tenant, label: role }, operator);
  return { runtime, admin, issue };
}
