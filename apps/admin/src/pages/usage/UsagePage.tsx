import { PageHeader } from '../../components/States';

export function UsagePage() {
  return <PageHeader title="Usage" />;
}
