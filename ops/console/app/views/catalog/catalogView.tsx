// Placeholder until the view lands (issue 13, in progress).
export function CatalogView() {
  return <h1>Catalog</h1>;
}
