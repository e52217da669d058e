import type { RunDiff } from '../console.repository';
import { DiffTable } from './run';
import { Field, Layout, PostForm, SafeLink, when, type Viewer } from './ui';

export interface IncidentPageData {
  incident: {
    id: number;
    importId: string;
    environment: string;
    kind: string;
    status: string;
    summary: string;
    count: number;
    firstSeenAt: string | Date;
    lastSeenAt: string | Date;
    acknowledgedBy: string | null;
    resolvedBy: string | null;
    links?: { healthWorkflow?: string; run?: string | null };
  };
  importName: string;
  runId: string | null;
  diff: RunDiff | null;
  canDecide: boolean;
  canMute: boolean;
}

export function IncidentPage(props: { viewer: Viewer; data: IncidentPageData; message?: string | undefined }) {
  const { incident: n } = props.data;
  const open = n.status !== 'resolved';
  return (
    <Layout title={`Incident #${n.id}: ${n.kind}`} viewer={props.viewer}>
      {props.message && <p class="form-error">{props.message}</p>}
      <section class="card">
        <dl class="facts">
          <dt>Import</dt><dd><a href={`/console/imports/${n.importId}`}>{props.data.importName}</a> ({n.environment})</dd>
          <dt>Status</dt><dd class={`status-${n.status}`} id="incident-status">{n.status}</dd>
          <dt>Summary</dt><dd>{n.summary}</dd>
          <dt>Seen</dt><dd>{n.count} time(s), {when(n.firstSeenAt)} → {when(n.lastSeenAt)}</dd>
          <dt>Acknowledged by</dt><dd>{n.acknowledgedBy ?? '—'}</dd>
          <dt>Resolved by</dt><dd>{n.resolvedBy ?? '—'}</dd>
          <dt>Details</dt><dd><a href={`/dashboard/incidents/${n.id}`}>Whole context on the ops dashboard</a>{n.links?.healthWorkflow && <> · <SafeLink href={n.links.healthWorkflow}>Health workflow in Temporal UI</SafeLink></>}</dd>
        </dl>
      </section>
      {props.data.canDecide && open && (
        <section class="card" id="incident-actions">
          {n.status === 'open' && (
            <PostForm action={`/console/incidents/${n.id}/acknowledge`} viewer={props.viewer} class="decision" id="form-acknowledge">
              <h3>Acknowledge</h3>
              <Field spec={{ name: 'comment', label: 'Comment', type: 'textarea' }} />
              <button type="submit">Acknowledge</button>
            </PostForm>
          )}
          <PostForm action={`/console/incidents/${n.id}/resolve`} viewer={props.viewer} class="decision" id="form-resolve">
            <h3>Resolve</h3>
            <Field spec={{ name: 'cause', label: 'Cause', type: 'textarea', required: true }} />
            <Field spec={{ name: 'fix', label: 'Fix', type: 'textarea', required: true }} />
            <button type="submit">Resolve</button>
          </PostForm>
        </section>
      )}
      {props.data.canMute && (
        <section class="card">
          <PostForm action={`/console/imports/${n.importId}/mute`} viewer={props.viewer} class="decision" id="form-mute">
            <h3>Mute the import's notifications</h3>
            <Field spec={{ name: 'until', label: 'Until (UTC)', type: 'date', required: true }} />
            <Field spec={{ name: 'reason', label: 'Reason', type: 'textarea' }} />
            <input type="hidden" name="incident" value={String(n.id)} />
            <button type="submit">Mute</button>
          </PostForm>
        </section>
      )}
      <section class="card">
        <h2>The run that caused it</h2>
        {props.data.runId && props.data.diff ? (
          <>
            <p><a href={`/console/runs/${props.data.runId}`}>Run {props.data.runId.slice(0, 8)}</a></p>
            <DiffTable diff={props.data.diff} pageBase={`/console/runs/${props.data.runId}`} />
          </>
        ) : (
          <p class="empty">No run recorded for this incident.</p>
        )}
      </section>
    </Layout>
  );
}
