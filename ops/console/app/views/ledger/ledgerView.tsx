// Placeholder until the view lands (issue 13, in progress).
export function LedgerView() {
  return <h1>Ledger</h1>;
}
