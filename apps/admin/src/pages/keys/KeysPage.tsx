import { PageHeader } from '../../components/States';

export function KeysPage() {
  return <PageHeader title="API Keys" />;
}
