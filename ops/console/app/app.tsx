import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { describeError, gql } from './api/graphql.js';
import { apiKey, can, signOut, viewer } from './api/session.js';
import type { Viewer } from './api/session.js';
import { href, route } from './router.js';
import { SignIn, VIEWER_QUERY } from './signIn.js';
import { ErrorNote } from './ui/errorNote.js';
import { ApprovalsView } from './views/approvals/approvalsView.js';
import { CatalogView } from './views/catalog/catalogView.js';
import { LedgerView } from './views/ledger/ledgerView.js';
import { MemoryView } from './views/memory/memoryView.js';
import { RunTimelineView } from './views/runs/runTimelineView.js';
import { RunsView } from './views/runs/runsView.js';
import { HaltBanner } from './views/tenant/haltBanner.js';
import { KillSwitch } from './views/tenant/killSwitch.js';

/** A section of the console, offered only to roles holding its capability. */
interface Section {
  readonly path: string;
  readonly label: string;
  readonly capability: string;
}

const SECTIONS: readonly Section[] = [
  { path: 'runs', label: 'Runs', capability: 'read' },
  { path: 'approvals', label: 'Approvals', capability: 'approvalRead' },
  { path: 'memory', label: 'Memory', capability: 'memoryRead' },
  { path: 'ledger', label: 'Ledger', capability: 'read' },
  { path: 'catalog', label: 'Catalog', capability: 'modelRead' },
];

const restoreError = signal<string | null>(null);

/** Signed out: the sign-in form. Signed in: the header, the sections the role may use, and the current view. */
export function App() {
  const key = apiKey.value;
  const who = viewer.value;
  useEffect(() => {
    // A reload keeps the key (sessionStorage) but not who it belongs to: ask again.
    if (key === null || who !== null) return;
    gql<{ viewer: Viewer }>(VIEWER_QUERY)
      .then((data) => {
        viewer.value = data.viewer;
        restoreError.value = null;
      })
      .catch((error: unknown) => {
        restoreError.value = describeError(error);
      });
  }, [key, who]);

  if (key === null) return <SignIn />;
  if (who === null) {
    return (
      <main class="loading">
        {restoreError.value === null ? <p>Signing in…</p> : <ErrorNote message={restoreError.value} />}
      </main>
    );
  }
  const sections = SECTIONS.filter((section) => can(section.capability));
  const [first = 'runs', id] = route.value.parts;
  const section = sections.find((candidate) => candidate.path === first) ?? sections[0];
  return (
    <div class="shell">
      <header class="topbar">
        <a class="brand" href={href('runs')}>
          MIR console
        </a>
        <nav aria-label="Console sections">
          <ul>
            {sections.map((candidate) => (
              <li key={candidate.path}>
                <a
                  href={href(candidate.path)}
                  aria-current={candidate.path === section?.path ? 'page' : undefined}
                >
                  {candidate.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          <span title={`key ${who.keyId}`}>
            {who.label} · <strong>{who.role}</strong> · tenant {who.tenant}
          </span>
          {can('tenantAdmin') && <KillSwitch tenant={who.tenant} />}
          <button type="button" onClick={() => signOut()}>
            Sign out
          </button>
        </div>
      </header>
      {can('tenantRead') && <HaltBanner />}
      <main id="main">
        {section === undefined ? <p>This key may not see anything.</p> : view(section.path, id)}
      </main>
    </div>
  );
}

function view(path: string, id: string | undefined): ComponentChildren {
  switch (path) {
    case 'runs':
      return id === undefined ? <RunsView /> : <RunTimelineView runId={id} />;
    case 'approvals':
      return <ApprovalsView />;
    case 'memory':
      return <MemoryView />;
    case 'ledger':
      return <LedgerView />;
    case 'catalog':
      return <CatalogView />;
    default:
      return null;
  }
}
