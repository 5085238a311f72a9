import { PageHeader } from '../../components/States';

export function ProvidersPage() {
  return <PageHeader title="Providers" />;
}
