import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const MODULES = join(HERE, '..', '..', '..', 'node_modules', '@modelcontextprotocol');

/** The reference servers from npm and MIR's own test servers, as `node <script> …` stdio transports. */
export const SERVERS = {
  everything: {
    command: process.execPath,
    args: [join(MODULES, 'server-everything', 'dist', 'index.js'), 'stdio'],
  },
  filesystem: (folder: string) => ({
    command: process.execPath,
    args: [join(MODULES, 'server-filesystem', 'dist', 'index.js'), folder],
  }),
  changing: { command: process.execPath, args: [join(HERE, 'changingToolsServer.js')] },
  everythingHttpHost: join(HERE, 'everythingHttpHost.js'),
} as const;
