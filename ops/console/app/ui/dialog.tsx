import { useEffect, useRef } from 'preact/hooks';
import type { ComponentChildren } from 'preact';

/**
 * A modal dialog on the native `<dialog>` element: focus moves into it and stays there, Escape closes it, and the
 * page behind is inert. `title` is its accessible name.
 */
export function Dialog(props: {
  readonly title: string;
  readonly onClose: () => void;
  readonly children: ComponentChildren;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    if (!dialog.open) dialog.showModal();
    return () => dialog.close();
  }, []);
  return (
    <dialog ref={ref} aria-label={props.title} onClose={props.onClose} class="dialog">
      <h2>{props.title}</h2>
      {props.children}
    </dialog>
  );
}
