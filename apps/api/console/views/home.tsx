import type { ComponentChildren } from 'preact';
import type { IncidentItem, QuestionItem, RunItem, WorkItem } from '../../../../db/queries/console';
import { Empty, Layout, when, type Viewer } from './ui';

export interface WorkloadRow {
  handle: string;
  openDays: number;
  weeklyCapacityDays: number;
  freeDays: number;
}

/** What waits on the viewer, by role (each list may be absent for a role). */
export interface MyWork {
  questions: QuestionItem[];
  validationsToSend?: WorkItem[];
  handOffs?: WorkItem[];
  myRequests?: WorkItem[];
  assigned?: WorkItem[];
  reviews?: WorkItem[];
  quarantined?: RunItem[];
  intake?: WorkItem[];
  unassigned?: WorkItem[];
  overdue?: WorkItem[];
  workload?: WorkloadRow[];
  incidents?: IncidentItem[];
  failedDeploys?: IncidentItem[];
  missedSchedules?: IncidentItem[];
}

function Section(props: { id: string; title: string; items: unknown[] | undefined; empty: string; children: ComponentChildren }) {
  if (props.items === undefined) return null;
  return (
    <section class="card" id={props.id}>
      <h2>
        {props.title} <span class="muted">({props.items.length})</span>
      </h2>
      {props.items.length === 0 ? <Empty>{props.empty}</Empty> : props.children}
    </section>
  );
}

export function Imports(props: { items: WorkItem[] }) {
  return (
    <table>
      <thead>
        <tr><th>Import</th><th>Stage</th><th>Priority</th><th>Assignee</th><th>Wanted</th></tr>
      </thead>
      <tbody>
        {props.items.map((i) => (
          <tr data-import={i.id}>
            <td><a href={`/console/imports/${i.id}`}>{i.name}</a><div class="muted">{i.client}</div></td>
            <td><span class="stage">{i.stage}</span></td>
            <td>{i.priority}</td>
            <td>{i.assignee ?? '—'}</td>
            <td>{i.wantedDate ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Incidents(props: { items: IncidentItem[] }) {
  return (
    <table>
      <thead>
        <tr><th>Incident</th><th>Import</th><th>Kind</th><th>Status</th><th>Summary</th><th>Last seen</th></tr>
      </thead>
      <tbody>
        {props.items.map((n) => (
          <tr data-incident={n.id}>
            <td><a href={`/console/incidents/${n.id}`}>#{n.id}</a></td>
            <td><a href={`/console/imports/${n.importId}`}>{n.importName}</a> <span class="muted">{n.environment}</span></td>
            <td>{n.kind}</td>
            <td class={`status-${n.status}`}>{n.status}</td>
            <td>{n.summary}</td>
            <td>{when(n.lastSeenAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function HomePage(props: { viewer: Viewer; work: MyWork; notice?: string | undefined }) {
  const w = props.work;
  return (
    <Layout title="My work" viewer={props.viewer}>
      {props.notice && <p class="notice">{props.notice}</p>}
      <Section id="questions" title="Questions to answer" items={w.questions} empty="No question waits on you.">
        <table>
          <thead><tr><th>Import</th><th>Asked by</th><th>Question</th><th>When</th></tr></thead>
          <tbody>
            {w.questions.map((q) => (
              <tr data-question={q.id}>
                <td><a href={`/console/imports/${q.importId}#questions`}>{q.importName}</a></td>
                <td>{q.askedBy}</td>
                <td>{q.text}</td>
                <td>{when(q.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section id="validations" title="Client validations to send" items={w.validationsToSend} empty="No import waits for a client link.">
        <Imports items={w.validationsToSend ?? []} />
      </Section>
      <Section id="hand-offs" title="Hand-offs to complete" items={w.handOffs} empty="No hand-off to record.">
        <Imports items={w.handOffs ?? []} />
      </Section>
      <Section id="my-requests" title="My requests under way" items={w.myRequests} empty="No request under way.">
        <Imports items={w.myRequests ?? []} />
      </Section>
      <Section id="assigned" title="Imports assigned to me" items={w.assigned} empty="Nothing assigned to you.">
        <Imports items={w.assigned ?? []} />
      </Section>
      <Section id="reviews" title="Reviews I can take" items={w.reviews} empty="No review waits.">
        <Imports items={w.reviews ?? []} />
      </Section>
      <Section id="quarantined" title="Quarantined runs of my imports" items={w.quarantined} empty="No quarantined run.">
        <table>
          <thead><tr><th>Run</th><th>Import</th><th>Environment</th><th>Started</th></tr></thead>
          <tbody>
            {(w.quarantined ?? []).map((r) => (
              <tr data-run={r.id}>
                <td><a href={`/console/runs/${r.id}`}>{r.id.slice(0, 8)}</a></td>
                <td>{r.importName}</td>
                <td>{r.environment}</td>
                <td>{when(r.startedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section id="intake" title="Intake queue" items={w.intake} empty="No request waits for an estimate or a plan.">
        <Imports items={w.intake ?? []} />
      </Section>
      <Section id="unassigned" title="Planned, not assigned" items={w.unassigned} empty="Every planned import has a developer.">
        <Imports items={w.unassigned ?? []} />
      </Section>
      <Section id="overdue" title="Overdue (past the wanted date)" items={w.overdue} empty="Nothing overdue.">
        <Imports items={w.overdue ?? []} />
      </Section>
      <Section id="workload" title="Workload" items={w.workload} empty="No developer.">
        <table>
          <thead><tr><th>Developer</th><th>Open days</th><th>Weekly capacity</th><th>Free days</th></tr></thead>
          <tbody>
            {(w.workload ?? []).map((d) => (
              <tr><td>{d.handle}</td><td>{d.openDays}</td><td>{d.weeklyCapacityDays}</td><td>{d.freeDays}</td></tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section id="incidents" title="Open incidents" items={w.incidents} empty="No open incident.">
        <Incidents items={w.incidents ?? []} />
      </Section>
      <Section id="failed-deploys" title="Failed deploys" items={w.failedDeploys} empty="No failed deploy.">
        <Incidents items={w.failedDeploys ?? []} />
      </Section>
      <Section id="missed-schedules" title="Missed schedules" items={w.missedSchedules} empty="No missed schedule.">
        <Incidents items={w.missedSchedules ?? []} />
      </Section>
    </Layout>
  );
}
