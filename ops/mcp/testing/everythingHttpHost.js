// Serves @modelcontextprotocol/server-everything over Streamable HTTP on 127.0.0.1, on a port the kernel picks
// (its own streamableHttp entry point cannot report a port chosen that way), and prints {"port": N} on stdout.
// With MCP_TEST_TOKEN set, requests must carry `Authorization: Bearer <token>` (401 otherwise).
import { Buffer } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import process from 'node:process';
import { createServer as createHttpServer } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createServer } from '@modelcontextprotocol/server-everything/dist/server/index.js';

const token = process.env.MCP_TEST_TOKEN;
const sessions = new Map();

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  return text.length === 0 ? undefined : JSON.parse(text);
}

const http = createHttpServer((req, res) => {
  void (async () => {
    if (token !== undefined && req.headers.authorization !== `Bearer ${token}`) {
      res.writeHead(401).end();
      return;
    }
    const body = req.method === 'POST' ? await readBody(req) : undefined;
    const known = sessions.get(req.headers['mcp-session-id']);
    if (known !== undefined) {
      await known.handleRequest(req, res, body);
      return;
    }
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      onsessioninitialized: (id) => sessions.set(id, transport),
    });
    const { server } = createServer();
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  })().catch((error) => {
    if (!res.headersSent) res.writeHead(500).end(String(error));
  });
});

http.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: http.address().port })}\n`);
});
