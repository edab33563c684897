import { can } from '../../api/session.js';
import { ModelsSection } from './modelsSection.js';
import { PolicySetsSection } from './policySetsSection.js';
import { ToolsSection } from './toolsSection.js';

/** The catalog: models, tools and (for `policyRead`) the policy-set versions; read-only but for admins' publishing. */
export function CatalogView() {
  return (
    <section class="catalog">
      <h1>Catalog</h1>
      <ModelsSection />
      {can('toolRead') && <ToolsSection />}
      {can('policyRead') ? (
        <PolicySetsSection />
      ) : (
        <section aria-labelledby="catalog-policies">
          <h2 id="catalog-policies">Policy sets</h2>
          <p class="note">Your role may not read the policy set (auditors and admins may).</p>
        </section>
      )}
    </section>
  );
}
