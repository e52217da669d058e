import { IMPORT_KINDS } from '../../../../contracts';
import { Field, Layout, PostForm, type FieldErrors, type FieldSpec, type Viewer } from './ui';

/** The new request's fields, named as POST /imports's body (its field errors land beside them). */
export const REQUEST_FIELDS: FieldSpec[] = [
  { name: 'client', label: 'Client', required: true },
  { name: 'name', label: 'Import name', required: true },
  { name: 'kind', label: 'Kind of source', type: 'select', options: IMPORT_KINDS.map((k) => ({ value: k, label: k })) },
  { name: 'sourceUrls', label: 'Source URLs (one a line)', type: 'textarea', required: true },
  { name: 'priority', label: 'Priority (1 highest)', type: 'select', options: ['1', '2', '3', '4', '5'].map((v) => ({ value: v, label: v })) },
  { name: 'contacts', label: 'Client contacts (one a line)', type: 'textarea', hint: 'name, role, email, phone' },
  { name: 'credentialRefs', label: 'Credentials needed (one a line)', type: 'textarea', hint: 'SECRET_NAME, purpose — the name the secret is stored under, never its value' },
  { name: 'wantedDate', label: 'Wanted date', type: 'date' },
];

export function RequestPage(props: { viewer: Viewer; values?: Record<string, string>; errors?: FieldErrors; message?: string | undefined }) {
  const values = props.values ?? { priority: '3' };
  return (
    <Layout title="New import request" viewer={props.viewer}>
      <section class="card">
        {props.message && <p class="form-error" id="form-error">{props.message}</p>}
        <PostForm action="/console/imports" viewer={props.viewer} id="new-request">
          {REQUEST_FIELDS.map((spec) => (
            <Field spec={spec} value={values[spec.name]} errors={props.errors} />
          ))}
          <p class="muted">Credential values go in the secrets store, never here; the lead's plan sets the final wanted date.</p>
          <button type="submit">File the request</button>
        </PostForm>
      </section>
    </Layout>
  );
}
