import { builder } from '../builder.js';
import { principalOf } from '../context.js';
import { governanceOf } from '../errors/governanceUnavailable.js';
import { McpServerType } from '../types/mcpServer.js';

builder.queryField('mcpServers', (t) =>
  t.field({
    type: [McpServerType],
    authScopes: { can: 'toolRead' },
    description:
      "Your tenant's MCP servers, by name: each as last registered and the tool changes noticed since.",
    resolve: async (_root, _args, context) => governanceOf(context).mcp.list(principalOf(context).tenant),
  }),
);
