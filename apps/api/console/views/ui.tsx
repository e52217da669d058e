import type { ComponentChildren } from 'preact';
import { render } from 'preact-render-to-string';
import type { MemberRole } from '../../../../contracts';
import { CSRF_FIELD } from '../csrf';

/** Who is looking at a page: what the layout shows and what every form needs (the session's CSRF token). */
export interface Viewer {
  handle: string;
  role: MemberRole;
  /** The session's CSRF token; empty when the caller came with a bearer key (no ambient credential to forge). */
  csrf: string;
}

/** A whole page as HTML: JSX escapes every text and attribute value, so nothing from the database can run. */
export const html = (page: ComponentChildren): string => `<!DOCTYPE html>${render(<>{page}</>)}`;

export function Layout(props: { title: string; viewer: Viewer; children: ComponentChildren }) {
  const { viewer } = props;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · Liaison`}</title>
        <link rel="stylesheet" href="/console/style.css" />
      </head>
      <body>
        <header class="top">
          <span class="brand">Liaison</span>
          <nav>
            <a href="/console">My work</a>
            {(viewer.role === 'account_manager' || viewer.role === 'lead') && <a href="/console/requests/new">New request</a>}
            {viewer.role === 'lead' && <a href="/console/board">Planning board</a>}
            <a href="/dashboard">Ops dashboard</a>
          </nav>
          <span class="who" id="viewer">
            {viewer.handle} ({roleLabel(viewer.role)})
          </span>
        </header>
        <main>
          <h1>{props.title}</h1>
          {props.children}
        </main>
      </body>
    </html>
  );
}

export const roleLabel = (role: MemberRole): string => ({ account_manager: 'account manager', developer: 'developer', lead: 'lead', ops: 'ops' })[role];

/** A state-changing form: posts to the console with the session's CSRF token. */
export function PostForm(props: { action: string; viewer: Viewer; id?: string; class?: string; children: ComponentChildren }) {
  return (
    <form method="post" action={props.action} id={props.id} class={props.class}>
      <input type="hidden" name={CSRF_FIELD} value={props.viewer.csrf} />
      {props.children}
    </form>
  );
}

export type FieldErrors = Record<string, string>;

export interface FieldSpec {
  name: string;
  label: string;
  type?: 'text' | 'number' | 'date' | 'email' | 'textarea' | 'select' | 'checkbox';
  options?: readonly { value: string; label: string }[];
  required?: boolean;
  hint?: string;
  min?: number;
  max?: number;
  step?: string;
}

/** One labelled field with its error beside it (the name the API's validation reports, e.g. `wantedDate`). */
export function Field(props: { spec: FieldSpec; value?: string | undefined; errors?: FieldErrors | undefined }) {
  const { spec } = props;
  const error = props.errors?.[spec.name];
  const common = { name: spec.name, id: `f-${spec.name}`, required: spec.required, 'aria-invalid': error ? true : undefined };
  let control;
  if (spec.type === 'textarea') control = <textarea {...common}>{props.value ?? ''}</textarea>;
  else if (spec.type === 'select')
    control = (
      <select {...common}>
        {(spec.options ?? []).map((o) => (
          <option value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  else if (spec.type === 'checkbox') control = <input type="checkbox" value="true" checked={props.value === 'true'} {...common} />;
  else control = <input type={(spec.type ?? 'text') as 'text'} value={props.value ?? ''} min={spec.min} max={spec.max} step={spec.step} {...common} />;
  return (
    <label>
      <span>{spec.label}</span>
      {control}
      {spec.hint && <small class="muted"> {spec.hint}</small>}
      {error && (
        <em class="field-error" data-field={spec.name}>
          {error}
        </em>
      )}
    </label>
  );
}

export const when = (value: Date | string | null | undefined): string => (value ? new Date(value).toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '—');

/** A link only to http(s) or this site's paths: a `javascript:` URL from data never becomes clickable. */
export function SafeLink(props: { href: string | null | undefined; children: ComponentChildren }) {
  const href = props.href ?? '';
  if (!/^https?:\/\//i.test(href) && !href.startsWith('/')) return <>{props.children}</>;
  return <a href={href}>{props.children}</a>;
}

export function Empty(props: { children: ComponentChildren }) {
  return <p class="empty">{props.children}</p>;
}
