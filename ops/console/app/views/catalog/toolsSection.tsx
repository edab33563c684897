import { ErrorNote } from '../../ui/errorNote.js';
import { JsonView } from '../../ui/jsonView.js';
import { useQuery } from '../../ui/useQuery.js';
import { TOOLS_QUERY } from './catalogDocuments.js';
import type { CatalogTool } from './catalogDocuments.js';
import { describeRateLimit } from './catalogFormat.js';

/** The registered tools, built-in and the tenant's own: what each may do, how it runs, and its schemas. */
export function ToolsSection() {
  const answer = useQuery<{ tools: CatalogTool[] }>(TOOLS_QUERY, {});
  return (
    <section aria-labelledby="catalog-tools">
      <h2 id="catalog-tools">Tools</h2>
      {answer.error !== null && <ErrorNote message={answer.error} />}
      {answer.data?.tools.length === 0 && <p class="note">No tool is registered.</p>}
      <ul class="plain catalog-tools">
        {answer.data?.tools.map((tool) => (
          <li key={`${tool.name}@${tool.version}`}>
            <ToolDetails tool={tool} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function ToolDetails(props: { readonly tool: CatalogTool }) {
  const { tool } = props;
  const name = `${tool.name}@${tool.version}`;
  return (
    <details class="panel tool">
      <summary>
        <strong>{name}</strong> · {tool.sideEffect} · runs in {tool.execution}
        {tool.riskTags.length > 0 && ` · risk: ${tool.riskTags.join(', ')}`}
      </summary>
      <p>{tool.description}</p>
      <dl class="facts">
        <dt>Side effect</dt>
        <dd>{tool.sideEffect}</dd>
        <dt>Execution</dt>
        <dd>{tool.execution === 'app' ? 'by the app (MIR grants it)' : 'by MIR'}</dd>
        <dt>Risk tags</dt>
        <dd>{tool.riskTags.length === 0 ? 'none' : tool.riskTags.join(', ')}</dd>
        <dt>Rate limit</dt>
        <dd>{describeRateLimit(tool.rateLimit)}</dd>
        <dt>Timeout</dt>
        <dd>{tool.timeoutMs} ms</dd>
        <dt>Origin</dt>
        <dd>{tool.builtIn ? 'built in' : 'own'}</dd>
      </dl>
      <h3>Input schema</h3>
      <JsonView value={tool.inputSchema} label={`Input schema of ${name}`} />
      <h3>Output schema</h3>
      <JsonView value={tool.outputSchema} label={`Output schema of ${name}`} />
      <h3>Compensation</h3>
      {tool.compensation === null ? (
        <p class="note">None (a {tool.sideEffect} tool).</p>
      ) : (
        <JsonView value={tool.compensation} label={`Compensation of ${name}`} />
      )}
    </details>
  );
}
