// Placeholder until the view lands (issue 13, in progress).
export function ApprovalsView() {
  return <h1>Approvals</h1>;
}
