// Placeholder until the view lands (issue 13, in progress).
export function RunsView() {
  return <h1>Runs</h1>;
}
