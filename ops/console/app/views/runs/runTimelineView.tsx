// Placeholder until the view lands (issue 13, in progress).
export function RunTimelineView(props: { readonly runId: string }) {
  return <h1>Run {props.runId}</h1>;
}
