import { can } from '../../api/session.js';
import { ErrorNote } from '../../ui/errorNote.js';
import { formatTime } from '../../ui/format.js';
import { useQuery } from '../../ui/useQuery.js';
import { POLICY_SETS_QUERY } from './catalogDocuments.js';
import type { PolicySetVersion } from './catalogDocuments.js';
import { PolicyPublishForm } from './policyPublishForm.js';

interface PolicySetsAnswer {
  readonly policies: PolicySetVersion | null;
  readonly policyVersions: readonly PolicySetVersion[];
}

/**
 * The tenant's policy set (for `policyRead`: auditors and admins): the version in force and every version
 * published, newest first, each with its Cedar text, publisher, time and SHA-256. Admins (`policyAdmin`) may
 * publish a new version; everyone else reads.
 */
export function PolicySetsSection() {
  const answer = useQuery<PolicySetsAnswer>(POLICY_SETS_QUERY, {});
  const current = answer.data?.policies ?? null;
  return (
    <section aria-labelledby="catalog-policies">
      <h2 id="catalog-policies">Policy sets</h2>
      {answer.error !== null && <ErrorNote message={answer.error} />}
      {answer.data !== null && (
        <p>
          {current === null
            ? 'No policy set is published: every governed call is decided by the defaults.'
            : `In force: version ${current.version}, published by ${current.publishedBy} at ${formatTime(current.publishedAt)}.`}
        </p>
      )}
      {answer.data !== null && can('policyAdmin') && (
        <PolicyPublishForm current={current?.policies ?? ''} onPublished={() => answer.reload()} />
      )}
      <ul class="plain policy-versions">
        {answer.data?.policyVersions.map((set) => (
          <li key={set.version}>
            <PolicyVersion set={set} inForce={set.version === current?.version} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function PolicyVersion(props: { readonly set: PolicySetVersion; readonly inForce: boolean }) {
  const { set } = props;
  return (
    <details class="panel policy-version" open={props.inForce}>
      <summary>
        Version {set.version}
        {props.inForce && ' (in force)'} · {set.publishedBy} · {formatTime(set.publishedAt)}
      </summary>
      {set.description !== '' && <p>{set.description}</p>}
      <dl class="facts">
        <dt>SHA-256</dt>
        <dd>
          <code class="hash">{set.sha256}</code>
        </dd>
        <dt>Policies</dt>
        <dd>{set.policyIds.length === 0 ? 'none' : set.policyIds.join(', ')}</dd>
      </dl>
      <pre class="cedar" aria-label={`Cedar text of version ${set.version}`}>
        {set.policies}
      </pre>
    </details>
  );
}
