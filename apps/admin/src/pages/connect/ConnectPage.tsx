import { PageHeader } from '../../components/States';

export function ConnectPage() {
  return <PageHeader title="Connect" />;
}
