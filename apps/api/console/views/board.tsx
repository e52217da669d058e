import { Layout, PostForm, type Viewer } from './ui';

export interface BoardCard {
  id: string;
  name: string;
  clientName: string;
  stage: string;
  priority: number;
  wantedDate: string | null;
  assignee: string | null;
  daysInStage: number;
  blocked: { reason: string } | null;
  /** Suggested developers with their reasons, when the import can be assigned now. */
  assignees: { value: string; label: string }[] | null;
}

/** The lead's planning board: imports by stage; assigning is a select of the suggested developers, no dragging. */
export function BoardPage(props: { viewer: Viewer; columns: { stage: string; imports: BoardCard[] }[] }) {
  return (
    <Layout title="Planning board" viewer={props.viewer}>
      <div class="board">
        {props.columns.map((col) => (
          <section class="card" data-stage={col.stage}>
            <h2>
              {col.stage} <span class="muted">({col.imports.length})</span>
            </h2>
            {col.imports.map((i) => (
              <div class="board-card" data-import={i.id}>
                <p>
                  <a href={`/console/imports/${i.id}`}>{i.name}</a> <span class="muted">{i.clientName}</span>
                </p>
                <p class="muted">
                  P{i.priority} · wanted {i.wantedDate ?? '—'} · {i.assignee ?? 'unassigned'} · {i.daysInStage} day(s) in stage
                  {i.blocked && ` · blocked: ${i.blocked.reason}`}
                </p>
                {i.assignees && (
                  <PostForm action={`/console/imports/${i.id}/assign`} viewer={props.viewer} class="decision">
                    <select name="assignee" aria-label={`Assign ${i.name}`}>
                      {i.assignees.map((o) => (
                        <option value={o.value} selected={o.value === i.assignee}>{o.label}</option>
                      ))}
                    </select>{' '}
                    <button type="submit">Assign</button>
                  </PostForm>
                )}
              </div>
            ))}
          </section>
        ))}
      </div>
    </Layout>
  );
}
