import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { client, unwrap } from '../api/client';
import { ApiError } from '../api/errors';
import { keys } from '../api/queries';
import { PageHeading } from '../components/page-heading';
import { Alert, Loading } from '../components/ui';
import { formatDateTime } from '../format';
import { Link, paths } from '../router';
import { PlanPage } from './plan-page';
import { usePlanRoom } from './use-plan-room';

/**
 * Staff's view of "Min hemgång" (/arenden/:id/min-hemgang): the page exactly as the patient would
 * see it, who published it last, "Publicera" for the ward and SOF, and "Skriv ut" for the paper
 * the ward hands over (the print stylesheet leaves only the page).
 */
export function PlanView({ threadId }: { threadId: string }) {
  const qc = useQueryClient();
  const path = { params: { path: { id: threadId } } };
  const [notice, setNotice] = useState<string | null>(null);
  usePlanRoom(threadId);
  const plan = useQuery({ queryKey: keys.plan(threadId), queryFn: () => unwrap(client.GET('/api/threads/{id}/plan', path)) });
  const publish = useMutation({
    mutationFn: () => unwrap(client.POST('/api/threads/{id}/plan/publish', { ...path, body: {} })),
    onSuccess: (dto) => {
      qc.setQueryData(keys.plan(threadId), dto);
      setNotice(`Min hemgång är publicerad (version ${dto.publication?.version ?? ''}).`);
    },
  });

  if (plan.error) {
    const notFound = plan.error instanceof ApiError && plan.error.status === 404;
    return (
      <section className="page narrow">
        <PageHeading title="Min hemgång kunde inte visas" />
        <Alert>{notFound ? 'Ärendet finns inte, eller så deltar ingen av dina enheter i det.' : plan.error.message}</Alert>
      </section>
    );
  }
  if (!plan.data) return <Loading text="Hämtar Min hemgång …" />;
  const { publication, canPublish } = plan.data;
  return (
    <section className="page narrow plan-staff">
      <div className="plan-tools">
        <p className="crumbs">
          <Link to={paths.thread(threadId)}>
            <span aria-hidden="true">← </span>Tillbaka till ärendet
          </Link>
        </p>
        <PageHeading title="Min hemgång" />
        <p className="hint">
          Så här ser sidan ut för patienten.{' '}
          {publication
            ? `Senast publicerad ${formatDateTime(publication.publishedAt)} av ${publication.byName}, ${publication.unitName} (version ${publication.version}).`
            : 'Den är inte publicerad ännu: patienten ser den först när avdelningen eller socialtjänsten har publicerat den.'}
        </p>
        {notice && <Alert kind="success">{notice}</Alert>}
        {publish.error && <Alert>{publish.error.message}</Alert>}
        <p className="plan-actions">
          {canPublish && (
            <button type="button" onClick={() => publish.mutate()} disabled={publish.isPending}>
              {publish.isPending ? 'Publicerar …' : publication ? 'Publicera ändringarna' : 'Publicera'}
            </button>
          )}
          <button type="button" className="secondary" onClick={() => window.print()}>
            Skriv ut
          </button>
        </p>
      </div>
      <PlanPage plan={plan.data.plan} />
    </section>
  );
}
