import { allHandlersFinished, condition, continueAsNew, log, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { IncidentActivities } from '../activities/incidents/incidents.activities';
import type { NotifyActivities } from '../activities/notify/notify.activities';
import {
  acknowledgeIncidentUpdate,
  healthReportSignal,
  healthStateQuery,
  KINDS_RESOLVED_BY_A_GOOD_RUN,
  resolveIncidentUpdate,
  type HealthReport,
  type ImportHealthInput,
  type ImportHealthState,
  type IncidentDecision,
  type IncidentEvent,
  type IncidentKind,
  type OpenIncident,
} from '../contracts';
import { Failure, failure } from '../contracts/failures';
import { RETRY } from './retry-policies';

/** Postgres steps: retried while the database is away. */
const db = proxyActivities<IncidentActivities>({
  startToCloseTimeout: '1 minute',
  retry: RETRY.postgresStep,
});

/** One channel per activity: a failing SMTP server never makes the webhook send twice. A few spaced retries. */
const notify = proxyActivities<NotifyActivities>({
  startToCloseTimeout: '30 seconds',
  retry: RETRY.notification,
});

/** Past this many events the workflow continues as new (well under Temporal's limits; the state is small). */
const MAX_HISTORY_EVENTS = 2000;

type Work = { type: 'report'; report: HealthReport } | { type: 'acknowledge' | 'resolve'; decision: IncidentDecision; done: boolean };

/** One import's health as the workflow holds it: what every step reads and changes. */
interface Health {
  input: ImportHealthInput;
  state: ImportHealthState;
  scope: { importId: string; environment: ImportHealthInput['environment']; workflowId: string };
}

/**
 * The health of one import in one environment (`import-health:<importId>:<env>`), fed by signal-with-start from
 * every run outcome, every failed deploy and the watchdog. It opens one incident per kind at a time (later
 * failures add to it), announces only state changes (opened, escalated, acknowledged, resolved), escalates an
 * incident nobody acknowledged in time (a durable timer), and resolves incidents itself when a run applies again.
 * Reports and decisions are handled one at a time, in arrival order, so the state and the table never disagree.
 */
export async function importHealth(input: ImportHealthInput): Promise<void> {
  const state: ImportHealthState = input.state ?? { consecutiveFailures: 0, lastGoodRun: null, open: [] };
  const queue: Work[] = (input.pending ?? []).map((report) => ({ type: 'report', report }));
  const health: Health = { input, state, scope: { importId: input.importId, environment: input.environment, workflowId: workflowInfo().workflowId } };
  registerHealthHandlers(state, queue);

  for (;;) {
    const waiting = state.open.filter((o) => !o.acknowledged && !o.escalated).map((o) => dueAt(o, input.escalateAfterMs));
    if (waiting.length === 0) await condition(() => queue.length > 0);
    else await condition(() => queue.length > 0, Math.max(1, Math.min(...waiting) - Date.now()));
    while (queue.length > 0) await handle(health, queue.shift()!);
    await escalateDue(health);
    const info = workflowInfo();
    // Only between decisions: an acknowledgement waiting for its answer cannot cross to the next run (it would
    // wait for this loop, which would wait for it). Reports can: they are handed over as `pending`.
    if ((info.continueAsNewSuggested || info.historyLength > MAX_HISTORY_EVENTS) && allHandlersFinished() && queue.every((w) => w.type === 'report')) {
      const pending = queue.flatMap((w) => (w.type === 'report' ? [w.report] : []));
      return continueAsNew<typeof importHealth>({ importId: input.importId, environment: input.environment, escalateAfterMs: input.escalateAfterMs, state, pending });
    }
  }
}

/** The state query, the report signal and the two decisions: each report or decision joins the queue. */
function registerHealthHandlers(state: ImportHealthState, queue: Work[]): void {
  setHandler(healthStateQuery, () => state);
  setHandler(healthReportSignal, (report) => {
    queue.push({ type: 'report', report });
  });
  for (const [update, type] of [
    [acknowledgeIncidentUpdate, 'acknowledge'],
    [resolveIncidentUpdate, 'resolve'],
  ] as const) {
    setHandler(
      update,
      async (decision: IncidentDecision) => {
        const work: Work = { type, decision, done: false };
        queue.push(work);
        await condition(() => work.done);
        return state;
      },
      { validator: (decision: IncidentDecision) => validate(state, type, decision) },
    );
  }
}

async function announce(incidentId: number, event: IncidentEvent): Promise<void> {
  const { channels } = await notify.notificationChannels();
  for (const channel of channels) {
    try {
      await notify.sendNotification({ channel, incidentId, event });
    } catch (err) {
      // Retries exhausted: the incident stays recorded and visible in the API and dashboard.
      log.warn('notification failed', { channel, incidentId, event, error: String(err) });
    }
  }
}

async function record({ state, scope }: Health, kind: IncidentKind, report: HealthReport): Promise<void> {
  const open = state.open.find((o) => o.kind === kind);
  const recorded = await db.recordIncident({ ...scope, kind, incidentId: open?.incidentId ?? null, report });
  if (open) {
    open.count = recorded.count;
    return;
  }
  state.open.push({ incidentId: recorded.incidentId, kind, openedAt: recorded.firstSeenAt, count: recorded.count, acknowledged: false, escalated: false });
  if (recorded.opened) await announce(recorded.incidentId, 'opened');
}

async function close(health: Health, incident: OpenIncident, by: string, detail: string): Promise<void> {
  await db.resolveIncident({ incidentId: incident.incidentId, by, detail });
  health.state.open = health.state.open.filter((o) => o !== incident);
  await announce(incident.incidentId, 'resolved');
}

async function handle(health: Health, work: Work): Promise<void> {
  const { state } = health;
  if (work.type !== 'report') {
    const incident = state.open.find((o) => o.incidentId === work.decision.incidentId);
    // Validated on arrival; an earlier item of the queue may have resolved it since (a good run): nothing to do.
    if (incident && work.type === 'acknowledge' && !incident.acknowledged) {
      await db.acknowledgeIncident(work.decision);
      incident.acknowledged = true;
      await announce(incident.incidentId, 'acknowledged');
    } else if (incident && work.type === 'resolve') {
      await close(health, incident, work.decision.by, work.decision.comment ?? 'Resolved by hand');
    }
    work.done = true;
    return;
  }
  const { report } = work;
  if (report.source === 'run' && report.outcome === 'applied') {
    state.consecutiveFailures = 0;
    state.lastGoodRun = { runId: report.runId, at: report.at };
    for (const incident of state.open.filter((o) => KINDS_RESOLVED_BY_A_GOOD_RUN.includes(o.kind))) {
      await close(health, incident, 'recovery', `Run ${report.runId} applied`);
    }
    return;
  }
  if (report.kind === null) return;
  if (report.source === 'run') state.consecutiveFailures += 1;
  // A run failure already open explains a missed schedule: one incident is enough.
  if (report.kind === 'schedule_missed' && state.open.some((o) => o.kind !== 'schedule_missed' && o.kind !== 'deploy_failed')) return;
  await record(health, report.kind, report);
}

async function escalateDue({ state, input }: Health): Promise<void> {
  for (const incident of state.open) {
    if (incident.acknowledged || incident.escalated || dueAt(incident, input.escalateAfterMs) > Date.now()) continue;
    await db.escalateIncident({ incidentId: incident.incidentId, after: `${Math.round(input.escalateAfterMs / 60_000)} min` });
    incident.escalated = true;
    await announce(incident.incidentId, 'escalated');
  }
}

const dueAt = (incident: OpenIncident, escalateAfterMs: number) => Date.parse(incident.openedAt) + escalateAfterMs;

function validate(state: ImportHealthState, type: 'acknowledge' | 'resolve', decision: IncidentDecision): void {
  if (typeof decision?.by !== 'string' || decision.by.trim() === '') {
    throw failure(Failure.InvalidDecision, 'by: required (who decides)');
  }
  const incident = state.open.find((o) => o.incidentId === decision.incidentId);
  if (!incident) {
    throw failure(Failure.WrongStage, `Incident ${decision.incidentId} is not open (already resolved?)`);
  }
  if (type === 'acknowledge' && incident.acknowledged) {
    throw failure(Failure.WrongStage, `Incident ${decision.incidentId} is already acknowledged`);
  }
}
