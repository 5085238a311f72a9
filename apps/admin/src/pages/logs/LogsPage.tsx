import { PageHeader } from '../../components/States';

export function LogsPage() {
  return <PageHeader title="Logs" />;
}
