import { createMemoryEventLog } from './memoryEventLog.js';
import { eventLogContract } from '../testing/eventLogContract.js';

eventLogContract('in-memory', () => {
  const log = createMemoryEventLog();
  return Promise.resolve({ log, dispose: () => log.close() });
});
