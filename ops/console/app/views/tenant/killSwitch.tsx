// Placeholder until the view lands (issue 13, in progress).
export function KillSwitch(props: { readonly tenant: string }) {
  return <span>{props.tenant}</span>;
}
