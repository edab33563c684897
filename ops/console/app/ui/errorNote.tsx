/** An error as the API worded it, announced to screen readers. */
export function ErrorNote(props: { readonly message: string }) {
  return (
    <p class="error" role="alert">
      {props.message}
    </p>
  );
}
