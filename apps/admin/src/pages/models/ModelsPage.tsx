import { PageHeader } from '../../components/States';

export function ModelsPage() {
  return <PageHeader title="Models" />;
}
