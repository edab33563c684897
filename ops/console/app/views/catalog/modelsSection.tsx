import { ErrorNote } from '../../ui/errorNote.js';
import { shortHash } from '../../ui/format.js';
import { useQuery } from '../../ui/useQuery.js';
import { MODELS_QUERY } from './catalogDocuments.js';
import type { CatalogModel } from './catalogDocuments.js';
import { describeTensor, formatBytes } from './catalogFormat.js';

/** The registered models, shipped and the tenant's own, with what each takes and gives. */
export function ModelsSection() {
  const answer = useQuery<{ models: CatalogModel[] }>(MODELS_QUERY, {});
  return (
    <section aria-labelledby="catalog-models">
      <h2 id="catalog-models">Models</h2>
      {answer.error !== null && <ErrorNote message={answer.error} />}
      {answer.data?.models.length === 0 && <p class="note">No model is registered.</p>}
      {answer.data !== null && answer.data.models.length > 0 && (
        <div class="table-scroll">
          <table class="models" aria-label="Models">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Version</th>
                <th scope="col">SHA-256</th>
                <th scope="col">Size</th>
                <th scope="col">Inputs</th>
                <th scope="col">Outputs</th>
                <th scope="col">Origin</th>
              </tr>
            </thead>
            <tbody>
              {answer.data.models.map((model) => (
                <tr key={`${model.name}@${model.version}`}>
                  <th scope="row" title={model.description}>
                    {model.name}
                  </th>
                  <td>{model.version}</td>
                  <td>
                    <code title={model.sha256}>{shortHash(model.sha256)}</code>
                  </td>
                  <td>{formatBytes(model.size)}</td>
                  <td>{model.inputs.map(describeTensor).join('; ')}</td>
                  <td>{model.outputs.map(describeTensor).join('; ')}</td>
                  <td>{model.shipped ? 'shipped' : 'own'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
