// Placeholder until the explain panel lands (issue 13, part c13-runs); the props are the contract.
export interface ExplainPanelProps {
  /** The event to explain (`explain(eventId)`). */
  readonly eventId: string;
  readonly onClose: () => void;
}

export function ExplainPanel(props: ExplainPanelProps) {
  return <section aria-label="Explanation">{props.eventId}</section>;
}
