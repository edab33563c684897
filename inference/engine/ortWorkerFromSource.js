// Piscina's worker file when the engine runs from TypeScript source (vitest, tsx). Worker threads do not inherit
// the parent's module hooks, so this registers tsx before importing the TypeScript worker. Built JavaScript
// (dist/) uses ortWorker.js directly and never loads this file.
import { register } from 'tsx/esm/api';

register();
const { default: handleTask } = await import('./ortWorker.ts');

export default handleTask;
