// Child process: runs one closed-loop HTTP load (see httpLoad.ts) and prints its figures as JSON, so the load
// generator never shares an event loop with the server it measures.
import { runLoad } from './httpLoad.js';
import type { LoadTarget } from './httpLoad.js';

const { target, connections, seconds } = JSON.parse(process.argv[2]!) as {
  target: Omit<LoadTarget, 'check'>;
  connections: number;
  seconds: number;
};
const figures = await runLoad(
  { ...target, check: (status, body) => status === 200 && !body.includes('"errors"') },
  connections,
  seconds,
);
process.stdout.write(JSON.stringify(figures));
