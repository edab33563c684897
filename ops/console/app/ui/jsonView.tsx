/** JSON as indented text, cut at `limit` characters (a payload can be large); the whole value stays copyable. */
export function JsonView(props: {
  readonly value: unknown;
  readonly label?: string;
  readonly limit?: number;
}) {
  const text = JSON.stringify(props.value, null, 2) ?? 'null';
  const limit = props.limit ?? 4_000;
  const shown =
    text.length > limit ? `${text.slice(0, limit)}\n… (${text.length - limit} more characters)` : text;
  return (
    <pre class="json" aria-label={props.label}>
      {shown}
    </pre>
  );
}
