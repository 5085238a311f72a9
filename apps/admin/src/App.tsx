import { AppShell } from './components/AppShell';
import { ConnectPage } from './pages/connect/ConnectPage';
import { KeysPage } from './pages/keys/KeysPage';
import { LoginPage } from './pages/login/LoginPage';
import { LogsPage } from './pages/logs/LogsPage';
import { ModelsPage } from './pages/models/ModelsPage';
import { ProvidersPage } from './pages/providers/ProvidersPage';
import { UsagePage } from './pages/usage/UsagePage';
import { type PageName, useCurrentPage } from './router';
import { useMasterKey } from './session';

const pageComponents: Record<PageName, () => React.JSX.Element> = {
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
      <Page />
    </AppShell>
  );
}
