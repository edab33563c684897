// Placeholder until the view lands (issue 13, in progress).
export function MemoryView() {
  return <h1>Memory review</h1>;
}
