import type { DossierSections, LifecycleState } from '../../../../contracts';
import type { DecisionRow, ImportRow } from '../../../../db/queries/imports';
import type { IncidentItem } from '../../../../db/queries/console';
import type { DecisionForm } from '../decisions';
import { contactLine } from '../request-form';
import { Incidents } from './home';
import { Empty, Field, Layout, PostForm, SafeLink, when, type FieldErrors, type Viewer } from './ui';

export interface ConfigView {
  importerKey: string;
  config: Record<string, unknown>;
  schedule: string | null;
}

export interface ImportPageData {
  imp: ImportRow & { links: { temporalUi: string } };
  state: LifecycleState | null;
  decisions: DecisionRow[];
  forms: DecisionForm[];
  /** Options of the assign form: the suggested developers with their reasons. */
  assignees: { value: string; label: string }[];
  questions: { id: number; askedBy: string; addressedTo: string; text: string; answer: string | null; answeredBy: string | null; createdAt: string | Date }[];
  configs: { staging: ConfigView | null; production: ConfigView | null };
  runs: { id: string; environment: string; status: string; startedAt: string | Date; counts: Record<string, unknown>; links: { temporalUi: string } }[];
  incidents: IncidentItem[];
  jobs: { staging: { id: number; title: string | null; status: string }[]; production: { id: number; title: string | null; status: string }[] };
  dossier: { version: number; sections: DossierSections; missing: string[] } | null;
  sheet: { revision: number; practices: { id: string; text: string; automatic: boolean; result: { status: string } | null; answer: { answer: string } | null }[] } | null;
  canAsk: boolean;
  canWriteDossier: boolean;
  canAnswerSheet: boolean;
  /** A link just created for the client (shown once). */
  previewLink?: string | undefined;
}

/** The error of the form just posted, shown inside that form, with the API's field errors beside the fields. */
export interface FormFailure {
  action: string;
  message: string;
  fields: FieldErrors;
  values: Record<string, string>;
}

export function ImportPage(props: { viewer: Viewer; data: ImportPageData; failure?: FormFailure | undefined; notice?: string | undefined }) {
  const { viewer, data, failure } = props;
  const { imp } = data;
  const failed = (action: string) => (failure?.action === action ? failure : undefined);
  return (
    <Layout title={imp.name} viewer={viewer}>
      {props.notice && <p class="notice" id="notice">{props.notice}</p>}
      {data.previewLink && (
        <p class="notice" id="preview-link">
          Link for the client: <code>{data.previewLink}</code>
        </p>
      )}
      <section class="card" id="summary">
        <dl class="facts">
          <dt>Client</dt><dd>{imp.clientName}</dd>
          <dt>Stage</dt><dd><span class="stage" id="stage">{imp.stage}</span></dd>
          <dt>Priority</dt><dd>{imp.priority}</dd>
          <dt>Requested by</dt><dd>{imp.requestedBy}</dd>
          <dt>Assignee</dt><dd id="assignee">{data.state?.assignee ?? '—'}</dd>
          <dt>Wanted date</dt><dd id="wanted-date">{data.state?.plan?.wantedDate ?? '—'}{imp.wantedDate && <span class="muted" id="requested-wanted-date"> (asked for {imp.wantedDate})</span>}</dd>
          <dt>Contacts</dt>
          <dd id="contacts">{imp.contacts.length === 0 ? '—' : imp.contacts.map((c) => <div class="contact">{contactLine(c)}</div>)}</dd>
          <dt>Credentials</dt>
          <dd id="credential-refs">
            {imp.credentialRefs.length === 0
              ? '—'
              : imp.credentialRefs.map((c) => (
                  <div class="credential-ref">
                    <code>{c.name}</code>
                    {c.purpose && ` — ${c.purpose}`}
                  </div>
                ))}
          </dd>
          <dt>Sources</dt><dd>{imp.sourceUrls.map((u) => <div><SafeLink href={u}>{u}</SafeLink></div>)}</dd>
          <dt>Workflow</dt><dd><a href={imp.links.temporalUi} id="temporal-link">Lifecycle in Temporal UI</a></dd>
        </dl>
      </section>

      <section class="card" id="actions">
        <h2>What I can do now</h2>
        {data.forms.length === 0 && <Empty>Nothing waits on you here in this stage.</Empty>}
        {data.forms.map((f) => (
          <DecisionFormView form={f} viewer={viewer} importId={imp.id} failure={failed(f.action)} assignees={data.assignees} defaults={{ wantedDate: imp.wantedDate ?? undefined }} />
        ))}
      </section>

      {data.canWriteDossier && data.dossier && <DossierForm viewer={viewer} importId={imp.id} dossier={data.dossier} failure={failed('dossier')} />}
      {data.canAnswerSheet && data.sheet && <SheetForm viewer={viewer} importId={imp.id} sheet={data.sheet} failure={failed('review-sheet')} />}

      <section class="card" id="timeline">
        <h2>Timeline</h2>
        <table>
          <thead><tr><th>When</th><th>Decision</th><th>Who</th><th>Stage</th><th>Comment</th></tr></thead>
          <tbody>
            {data.decisions.map((d) => (
              <tr data-decision={d.kind}>
                <td>{when(d.decidedAt)}</td>
                <td>{d.kind}</td>
                <td>{d.actor}</td>
                <td>{d.fromStage ? `${d.fromStage} → ${d.toStage}` : d.toStage}</td>
                <td>{d.comment ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section class="card" id="questions">
        <h2>Questions and answers</h2>
        {data.questions.length === 0 && <Empty>No question yet.</Empty>}
        {data.questions.map((q) => (
          <div class="question" data-question={q.id}>
            <p><strong>{q.askedBy}</strong> to {q.addressedTo}, {when(q.createdAt)}: {q.text}</p>
            {q.answer ? (
              <p class="muted">↳ {q.answeredBy}: {q.answer}</p>
            ) : (
              q.askedBy !== viewer.handle &&
              data.canAsk && (
                <PostForm action={`/console/imports/${imp.id}/questions/${q.id}/answer`} viewer={viewer} class="decision">
                  <Field spec={{ name: 'answer', label: 'Answer', type: 'textarea', required: true }} errors={failed(`answer-${q.id}`)?.fields} />
                  <button type="submit">Answer</button>
                </PostForm>
              )
            )}
          </div>
        ))}
        {data.canAsk && (
          <PostForm action={`/console/imports/${imp.id}/questions`} viewer={viewer} class="decision" id="ask">
            {failed('questions') && <p class="form-error">{failed('questions')!.message}</p>}
            <Field spec={{ name: 'text', label: 'New question', type: 'textarea', required: true }} errors={failed('questions')?.fields} />
            <button type="submit">Ask</button>
          </PostForm>
        )}
      </section>

      <section class="card" id="configs">
        <h2>Configuration per environment</h2>
        <ConfigDiff staging={data.configs.staging} production={data.configs.production} />
      </section>

      <section class="card" id="runs">
        <h2>Runs</h2>
        {data.runs.length === 0 ? (
          <Empty>No run yet.</Empty>
        ) : (
          <table>
            <thead><tr><th>Run</th><th>Environment</th><th>Status</th><th>Started</th><th>Counts</th><th>Temporal</th></tr></thead>
            <tbody>
              {data.runs.map((r) => (
                <tr data-run={r.id}>
                  <td><a href={`/console/runs/${r.id}`}>{r.id.slice(0, 8)}</a></td>
                  <td>{r.environment}</td>
                  <td class={`status-${r.status}`}>{r.status}</td>
                  <td>{when(r.startedAt)}</td>
                  <td>{countsText(r.counts)}</td>
                  <td><a href={r.links.temporalUi}>workflow</a></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section class="card" id="incidents">
        <h2>Open incidents</h2>
        {data.incidents.length === 0 ? <Empty>No open incident.</Empty> : <Incidents items={data.incidents} />}
      </section>

      <section class="card" id="jobs">
        <h2>Jobs</h2>
        {(['staging', 'production'] as const).map((env) => (
          <div data-env={env}>
            <h3>{env}</h3>
            {data.jobs[env].length === 0 ? (
              <Empty>No job in {env}.</Empty>
            ) : (
              <ul>
                {data.jobs[env].map((j) => (
                  <li data-job={j.id}>
                    <span class="job-title">{j.title ?? '(untitled)'}</span> <span class="muted">{j.status}</span>
                  </li>
                ))}
              </ul>
            )}
          </div>
        ))}
      </section>
    </Layout>
  );
}

/** `defaults`: what a field starts with when no failed post refills it (the plan's wanted date: the AM's wish). */
function DecisionFormView(props: { form: DecisionForm; viewer: Viewer; importId: string; failure: FormFailure | undefined; assignees: { value: string; label: string }[]; defaults: Record<string, string | undefined> }) {
  const { form, failure } = props;
  return (
    <PostForm action={`/console/imports/${props.importId}/${form.action}`} viewer={props.viewer} class="decision" id={`form-${form.action}`}>
      <h3>{form.title}</h3>
      {failure && <p class="form-error">{failure.message}</p>}
      {form.fields.map((spec) => (
        <Field spec={spec.name === 'assignee' && spec.type === 'select' ? { ...spec, options: props.assignees } : spec} value={failure ? failure.values[spec.name] : props.defaults[spec.name]} errors={failure?.fields} />
      ))}
      <button type="submit">{form.submit}</button>
    </PostForm>
  );
}

function DossierForm(props: { viewer: Viewer; importId: string; dossier: NonNullable<ImportPageData['dossier']>; failure: FormFailure | undefined }) {
  const s = props.dossier.sections;
  const values = props.failure?.values ?? { context: s.context, sources: s.sources, contacts: s.contacts, unusualPoints: s.unusualPoints.join('\n') };
  return (
    <section class="card" id="dossier">
      <h2>Dossier (version {props.dossier.version})</h2>
      {props.dossier.missing.length > 0 && <p class="muted">Missing before review: {props.dossier.missing.join(', ')}</p>}
      <PostForm action={`/console/imports/${props.importId}/dossier`} viewer={props.viewer} class="decision" id="form-dossier">
        {props.failure && <p class="form-error">{props.failure.message}</p>}
        <input type="hidden" name="baseVersion" value={String(props.dossier.version)} />
        {(['context', 'sources', 'contacts'] as const).map((name) => (
          <Field spec={{ name, label: name[0]!.toUpperCase() + name.slice(1), type: 'textarea' }} value={values[name]} errors={props.failure?.fields} />
        ))}
        <Field spec={{ name: 'unusualPoints', label: 'Unusual points (one a line, or "none")', type: 'textarea' }} value={values.unusualPoints} errors={props.failure?.fields} />
        <button type="submit">Save the dossier</button>
      </PostForm>
    </section>
  );
}

function SheetForm(props: { viewer: Viewer; importId: string; sheet: NonNullable<ImportPageData['sheet']>; failure: FormFailure | undefined }) {
  return (
    <section class="card" id="review-sheet">
      <h2>Review sheet (revision {props.sheet.revision})</h2>
      <PostForm action={`/console/imports/${props.importId}/review-sheet`} viewer={props.viewer} class="decision" id="form-review-sheet">
        {props.failure && <p class="form-error">{props.failure.message}</p>}
        <input type="hidden" name="revision" value={String(props.sheet.revision)} />
        <table>
          <thead><tr><th>Practice</th><th>Check</th><th>Answer</th><th>Comment</th></tr></thead>
          <tbody>
            {props.sheet.practices.map((p) => (
              <tr data-practice={p.id}>
                <td>{p.text}</td>
                <td>{p.result ? p.result.status : p.automatic ? 'pending' : 'manual'}</td>
                <td>
                  <select name={`answer.${p.id}`}>
                    {['', 'ok', 'not_applicable', 'problem', 'waived'].map((a) => (
                      <option value={a} selected={(p.answer?.answer ?? (p.result?.status === 'fail' ? 'waived' : p.result ? '' : 'ok')) === a}>{a || '—'}</option>
                    ))}
                  </select>
                </td>
                <td><input type="text" name={`comment.${p.id}`} value={p.result?.status === 'fail' && !p.answer ? '' : undefined} /></td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="submit">Save the answers</button>
      </PostForm>
    </section>
  );
}

/** A run's counts in words, zeros left out ("25 valid, 25 created"). */
export const countsText = (counts: Record<string, unknown>): string =>
  Object.entries(counts)
    .filter(([, n]) => typeof n === 'number' && n !== 0)
    .map(([k, n]) => `${String(n)} ${k}`)
    .join(', ') || '—';

/** Staging and production side by side, read-only, the keys that differ marked (production moves only by the deploy saga). */
function ConfigDiff(props: { staging: ConfigView | null; production: ConfigView | null }) {
  const { staging, production } = props;
  if (!staging && !production) return <Empty>No configuration yet.</Empty>;
  const flat = (c: ConfigView | null): Record<string, string> =>
    c ? { importerKey: c.importerKey, schedule: c.schedule ?? '—', ...Object.fromEntries(Object.entries(c.config).map(([k, v]) => [`config.${k}`, JSON.stringify(v)])) } : {};
  const s = flat(staging);
  const p = flat(production);
  const keys = [...new Set([...Object.keys(s), ...Object.keys(p)])].sort();
  return (
    <table id="config-diff">
      <thead><tr><th>Setting</th><th>Staging</th><th>Production</th></tr></thead>
      <tbody>
        {keys.map((k) => (
          <tr data-setting={k} class={s[k] === p[k] ? '' : 'differs'}>
            <td>{k}{s[k] !== p[k] && <strong> ≠</strong>}</td>
            <td><code>{s[k] ?? '—'}</code></td>
            <td><code>{p[k] ?? '—'}</code></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
