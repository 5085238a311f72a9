import { lazy, Suspense } from 'react';
import { AppShell } from './components/AppShell';
import { LoadingState } from './components/States';
import { ConnectPage } from './pages/connect/ConnectPage';
import { KeysPage } from './pages/keys/KeysPage';
import { LoginPage } from './pages/login/LoginPage';
import { LogsPage } from './pages/logs/LogsPage';
import { ModelsPage } from './pages/models/ModelsPage';
import { ProvidersPage } from './pages/providers/ProvidersPage';
import { type PageName, useCurrentPage } from './router';
import { useMasterKey } from './session';

// The chart library is the bulk of the bundle; only the Usage page loads it.
const UsagePage = lazy(() =>
  import('./pages/usage/UsagePage').then((module) => ({ default: module.UsagePage })),
);

const pageComponents: Record<PageName, React.ComponentType> = {
  models: ModelsPage,
  providers: ProvidersPage,
  keys: KeysPage,
  usage: UsagePage,
  logs: LogsPage,
  connect: ConnectPage,
};

export function App() {
  const masterKey = useMasterKey();
  const page = useCurrentPage();
  if (!masterKey) return <LoginPage />;
  const Page = pageComponents[page];
  return (
    <AppShell currentPage={page}>
      <Suspense fallback={<LoadingState />}>
        <Page />
      </Suspense>
    </AppShell>
  );
}
