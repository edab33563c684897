import type { SigningKeyView, WitnessView } from './ledgerQueries.js';

/** The witnesses this server asks to cosign its checkpoints, and the largest tree each has cosigned. */
export function WitnessTable(props: { readonly witnesses: readonly WitnessView[] }) {
  if (props.witnesses.length === 0)
    return <p>No witness is configured: checkpoints carry the log's signature only.</p>;
  return (
    <table aria-label="Witnesses">
      <thead>
        <tr>
          <th scope="col">Witness</th>
          <th scope="col">Cosignature verifier key</th>
          <th scope="col">Address</th>
          <th scope="col">Last cosigned tree size</th>
        </tr>
      </thead>
      <tbody>
        {props.witnesses.map((witness) => (
          <tr key={witness.verifierKey}>
            <td>{witness.name}</td>
            <td>
              <code>{witness.verifierKey}</code>
            </td>
            <td>{witness.url ?? '—'}</td>
            <td>{witness.lastCosignedTreeSize ?? 'none yet'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The checkpoint signing key chain, oldest first: which tree sizes each key may sign. */
export function SigningKeyTable(props: { readonly keys: readonly SigningKeyView[] }) {
  return (
    <table aria-label="Signing keys">
      <thead>
        <tr>
          <th scope="col">Verifier key</th>
          <th scope="col">Signs trees</th>
          <th scope="col">Introduced at position</th>
        </tr>
      </thead>
      <tbody>
        {props.keys.map((key) => (
          <tr key={key.verifierKey} data-current={key.current}>
            <td>
              <code>{key.verifierKey}</code>
              {key.current && <strong> (current)</strong>}
            </td>
            <td>{treeRange(key)}</td>
            <td>{key.position}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function treeRange(key: SigningKeyView): string {
  const from = key.introducedAfter === null ? 'from the first tree' : `larger than ${key.introducedAfter}`;
  const to = key.retiredAfter === null ? 'onwards' : `up to ${key.retiredAfter}`;
  return `${from}, ${to}`;
}
