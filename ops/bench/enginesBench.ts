// npm run bench:engines [-- --calls N]
// What governance adds to a remote engine and to an MCP tool, each next to its own baseline measured in the same
// run: (1) a chat completion against an OpenAI-compatible peer on 127.0.0.1, through MIR vs straight through the
// `openai` client; (2) an MCP tool call (server-everything's echo over stdio), through MIR vs straight through the
// SDK client. p50/p99 per call, and what MIR adds.
import { parseArgs } from 'node:util';
import { runCompletionBench } from './completionBench.js';
import { runMcpBench } from './mcpBench.js';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '500' } } });
const calls = Number(values.calls);
await runCompletionBench({ calls });
console.log('');
await runMcpBench({ calls });
