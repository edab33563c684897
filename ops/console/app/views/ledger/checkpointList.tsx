import { useState } from 'preact/hooks';
import { describeError, gql } from '../../api/graphql.js';
import { ErrorNote } from '../../ui/errorNote.js';
import { formatTime, shortHash } from '../../ui/format.js';
import { CHECKPOINT_PAGE, OLDER_CHECKPOINTS } from './ledgerQueries.js';
import type { CheckpointView } from './ledgerQueries.js';

/**
 * Recent checkpoints, newest first, each with the witnesses that cosigned it; "Older checkpoints" pages back
 * (`beforeTreeSize`). The signed note of each is one click away, for copying into `mir verify-bundle`.
 */
export function CheckpointList(props: { readonly recent: readonly CheckpointView[] }) {
  const [older, setOlder] = useState<readonly CheckpointView[]>([]);
  const [exhausted, setExhausted] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const shown = [...props.recent, ...older];
  const last = shown.at(-1);
  const loadOlder = async () => {
    if (last === undefined) return;
    try {
      const data = await gql<{ ledger: { checkpoints: CheckpointView[] } }>(OLDER_CHECKPOINTS, {
        first: CHECKPOINT_PAGE,
        beforeTreeSize: last.treeSize,
      });
      setOlder([...older, ...data.ledger.checkpoints]);
      setExhausted(data.ledger.checkpoints.length < CHECKPOINT_PAGE);
      setError(null);
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  if (shown.length === 0) return <p>No checkpoint signed yet.</p>;
  return (
    <>
      <table aria-label="Checkpoints">
        <caption>Signed checkpoints, newest first, with their witness cosignatures</caption>
        <thead>
          <tr>
            <th scope="col">Tree size</th>
            <th scope="col">Root hash</th>
            <th scope="col">Signed at</th>
            <th scope="col">Cosigned by</th>
            <th scope="col">Signed note</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((checkpoint) => (
            <tr key={checkpoint.treeSize} data-tree-size={checkpoint.treeSize}>
              <td>{checkpoint.treeSize}</td>
              <td>
                <code title={checkpoint.rootHash}>{shortHash(checkpoint.rootHash)}</code>
              </td>
              <td>{formatTime(checkpoint.timestamp)}</td>
              <td>
                {checkpoint.cosignatures.length === 0
                  ? 'no witness'
                  : checkpoint.cosignatures.map((cosignature) => (
                      <div key={`${cosignature.witness}-${cosignature.keyId}`}>
                        {cosignature.witness} <span class="hint">({formatTime(cosignature.timestamp)})</span>
                      </div>
                    ))}
              </td>
              <td>
                <details>
                  <summary>Note</summary>
                  <pre>{checkpoint.note}</pre>
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {error !== null && <ErrorNote message={error} />}
      {!exhausted && props.recent.length >= CHECKPOINT_PAGE && (
        <button type="button" onClick={() => void loadOlder()}>
          Older checkpoints
        </button>
      )}
    </>
  );
}
