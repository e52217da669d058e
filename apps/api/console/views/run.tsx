import type { RunDiff } from '../console.repository';
import { Empty, Field, Layout, PostForm, when, type Viewer } from './ui';

export interface RunPageData {
  run: {
    id: string;
    importId: string;
    environment: string;
    status: string;
    startedAt: string | Date;
    finishedAt: string | Date | null;
    counts: Record<string, unknown>;
    checks: unknown[] | null;
    error: Record<string, unknown> | null;
    links: { temporalUi: string };
  };
  importName: string;
  diff: RunDiff;
  canDecide: boolean;
  canRevert: boolean;
}

interface CheckView {
  check?: string;
  name?: string;
  status?: string;
  passed?: boolean;
  message?: string;
  figures?: unknown;
}

export function DiffTable(props: { diff: RunDiff; pageBase: string }) {
  const { diff } = props;
  return (
    <div id="diff">
      <p class="muted">
        The jobs this run {diff.kind === 'made' ? 'changed' : 'would change'}: {diff.total} line{diff.total === 1 ? '' : 's'}
        {Object.keys(diff.counts).length > 0 && ` (${Object.entries(diff.counts).map(([op, n]) => `${op} ${n}`).join(', ')})`}.
      </p>
      {diff.lines.length === 0 ? (
        <Empty>No change.</Empty>
      ) : (
        <table>
          <thead><tr><th>Change</th><th>Job</th><th>Fields: before → after</th></tr></thead>
          <tbody>
            {diff.lines.map((l) => (
              <tr data-op={l.op}>
                <td>{l.op}</td>
                <td><span class="job-title">{l.title ?? '(untitled)'}</span> <span class="muted">{l.externalId}</span></td>
                <td>
                  {l.fields.map((f) => (
                    <div>
                      <strong>{f.field}</strong>: <span class="diff-before">{JSON.stringify(f.before)}</span> → <span class="diff-after">{JSON.stringify(f.after)}</span>
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        {diff.offset > 0 && <a href={`${props.pageBase}?offset=${Math.max(0, diff.offset - diff.limit)}`} id="diff-previous">← previous</a>}{' '}
        {diff.offset + diff.limit < diff.total && <a href={`${props.pageBase}?offset=${diff.offset + diff.limit}`} id="diff-next">next →</a>}
      </p>
    </div>
  );
}

export function RunPage(props: { viewer: Viewer; data: RunPageData; message?: string | undefined }) {
  const { run } = props.data;
  const checks = (run.checks ?? []) as CheckView[];
  return (
    <Layout title={`Run ${run.id.slice(0, 8)} of ${props.data.importName}`} viewer={props.viewer}>
      {props.message && <p class="form-error">{props.message}</p>}
      <section class="card">
        <dl class="facts">
          <dt>Import</dt><dd><a href={`/console/imports/${run.importId}`}>{props.data.importName}</a></dd>
          <dt>Environment</dt><dd>{run.environment}</dd>
          <dt>Status</dt><dd class={`status-${run.status}`} id="run-status">{run.status}</dd>
          <dt>Started</dt><dd>{when(run.startedAt)}</dd>
          <dt>Finished</dt><dd>{when(run.finishedAt)}</dd>
          <dt>Counts</dt><dd><code>{JSON.stringify(run.counts)}</code></dd>
          <dt>Workflow</dt><dd><a href={run.links.temporalUi}>Run in Temporal UI</a></dd>
        </dl>
        {run.error && <pre id="run-error">{JSON.stringify(run.error, null, 2)}</pre>}
      </section>
      <section class="card" id="checks">
        <h2>Checks</h2>
        {checks.length === 0 ? (
          <Empty>No check recorded.</Empty>
        ) : (
          <table>
            <thead><tr><th>Check</th><th>Result</th><th>Message</th><th>Figures</th></tr></thead>
            <tbody>
              {checks.map((c) => (
                <tr>
                  <td>{c.check ?? c.name ?? '—'}</td>
                  <td>{c.status ?? (c.passed === undefined ? '—' : c.passed ? 'pass' : 'fail')}</td>
                  <td>{c.message ?? ''}</td>
                  <td><code>{JSON.stringify(c.figures ?? {})}</code></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {props.data.canDecide && (
        <section class="card">
          <h2>Quarantined: apply or discard</h2>
          <PostForm action={`/console/runs/${run.id}/decision`} viewer={props.viewer} class="decision" id="form-run-decision">
            <Field spec={{ name: 'decision', label: 'Decision', type: 'select', options: [{ value: 'apply', label: 'Apply' }, { value: 'discard', label: 'Discard' }] }} />
            <Field spec={{ name: 'comment', label: 'Comment', type: 'textarea' }} />
            <button type="submit">Decide</button>
          </PostForm>
        </section>
      )}
      {props.data.canRevert && (
        <section class="card">
          <h2>Revert this run (the latest applied)</h2>
          <PostForm action={`/console/runs/${run.id}/revert`} viewer={props.viewer} class="decision" id="form-run-revert">
            <Field spec={{ name: 'reason', label: 'Reason', type: 'textarea' }} />
            <button type="submit">Revert</button>
          </PostForm>
        </section>
      )}
      <section class="card">
        <h2>Diff</h2>
        <DiffTable diff={props.data.diff} pageBase={`/console/runs/${run.id}`} />
      </section>
    </Layout>
  );
}
