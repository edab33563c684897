import { useMemo, useState } from 'preact/hooks';
import { gql } from '../../api/graphql.js';
import type { ResultMember } from '../../api/mutationResult.js';
import { ErrorNote } from '../../ui/errorNote.js';
import { useAction } from '../../ui/useAction.js';
import { newIdempotencyKey, submissionKeys } from '../../ui/submissionKeys.js';
import { PUBLISH_POLICY } from './catalogDocuments.js';

/** The members of `publishPolicy`'s answer the form shows in detail; other errors show their code and message. */
type PublishAnswer = ResultMember & {
  readonly published?: boolean;
  readonly policySet?: { readonly version: number; readonly sha256: string };
  readonly problems?: readonly {
    readonly policyId: string | null;
    readonly message: string;
    readonly help: string | null;
  }[];
  readonly limit?: string;
  readonly actual?: number;
  readonly max?: number;
};

/**
 * For admins (`policyAdmin`): publishes a new version of the tenant's policy set, starting from the current text.
 * The server validates it against MIR's schema first: PolicyInvalidError lists each problem, PolicyLimitExceededError
 * names the limit (that refusal is recorded, with its event).
 */
export function PolicyPublishForm(props: { readonly current: string; readonly onPublished: () => void }) {
  const [text, setText] = useState(props.current);
  const [description, setDescription] = useState('');
  // One key per text and description: a double click or a retry publishes once.
  const keys = useMemo(() => submissionKeys(() => newIdempotencyKey()), []);
  const publish = useAction(async () => {
    const variables = {
      policies: text,
      ...(description.trim() === '' ? {} : { description: description.trim() }),
    };
    const data = await gql<{ publishPolicy: PublishAnswer }>(PUBLISH_POLICY, {
      ...variables,
      idempotencyKey: keys.keyFor(variables),
    });
    if (data.publishPolicy.published === true) props.onPublished();
    return data.publishPolicy;
  });
  return (
    <form class="panel publish-policy" onSubmit={(event) => (event.preventDefault(), void publish.run())}>
      <h3>Publish a new version</h3>
      <label for="policy-text">Cedar policies</label>
      <textarea
        id="policy-text"
        rows={14}
        spellcheck={false}
        value={text}
        onInput={(event) => setText(event.currentTarget.value)}
      />
      <label for="policy-description">Description</label>
      <input
        id="policy-description"
        value={description}
        maxLength={1_024}
        onInput={(event) => setDescription(event.currentTarget.value)}
      />
      <button type="submit" class="primary" disabled={publish.busy || text.trim() === ''}>
        Publish version
      </button>
      {publish.error !== null && <ErrorNote message={publish.error} />}
      {publish.result !== null && <PublishOutcome answer={publish.result} />}
    </form>
  );
}

function PublishOutcome(props: { readonly answer: PublishAnswer }) {
  const { answer } = props;
  if (answer.__typename === 'PublishPolicyPayload') {
    const set = answer.policySet;
    return (
      <p class="outcome" role="status">
        {answer.published === true
          ? `Published version ${set?.version ?? '?'} (sha256 ${set?.sha256 ?? '?'}).`
          : `Nothing recorded: this text is already version ${set?.version ?? '?'}.`}
      </p>
    );
  }
  const recorded = answer.eventId == null ? '' : ` The refusal is recorded as event ${answer.eventId}.`;
  return (
    <div role="alert" class="error">
      <p>
        {answer.message} ({answer.code ?? answer.__typename}).
        {answer.limit !== undefined &&
          ` Limit ${answer.limit}: ${answer.actual} over the maximum ${answer.max}.`}
        {recorded}
      </p>
      {answer.problems !== undefined && (
        <ul>
          {answer.problems.map((problem, index) => (
            <li key={index}>
              {problem.policyId === null ? '' : `${problem.policyId}: `}
              {problem.message}
              {problem.help === null ? '' : ` (${problem.help})`}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
