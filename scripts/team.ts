// `npm run team -- <command>`: the team and its API keys from the command line, straight on the database —
// how a fresh install gets its first lead (the API itself needs a key). DATABASE_URL must be set.
//   add <handle> --name "Sophie Laurent" --email sophie@example.fr --role lead [--skills html,xml] [--capacity 5]
//   key <handle> [--label laptop]        a new key for a member (printed once)
//   revoke <handle> <keyId>              revoke a key
//   list                                 members and their roles
import { parseArgs } from 'node:util';
import { ensureMemberWithKey } from '../apps/api/team/bootstrap';
import { createMemberSchema } from '../apps/api/team/team.dto';
import { TeamStore } from '../apps/api/team/team.repository';
import { connectDatabase } from '../db/client';
import { loadEnv } from '../platform/config';
import { reportFatal, StartupError } from '../platform/errors';

const USAGE = 'Usage: npm run team -- add <handle> --name <name> --email <email> --role <account_manager|developer|lead|ops> [--skills a,b] [--capacity <days>] | key <handle> [--label <label>] | revoke <handle> <keyId> | list';

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { name: { type: 'string' }, email: { type: 'string' }, role: { type: 'string' }, skills: { type: 'string' }, capacity: { type: 'string' }, label: { type: 'string' } },
  });
  const [command, handle, keyId] = positionals;
  const url = loadEnv().DATABASE_URL;
  if (!url) throw new StartupError('DATABASE_URL is not set', 'Point it to the Liaison database, e.g. DATABASE_URL=postgres://… npm run team -- list');
  const database = connectDatabase(url, { max: 1 });
  try {
    const store = new TeamStore(database.db);
    if (command === 'add' && handle) {
      const parsed = createMemberSchema.safeParse({
        handle,
        name: values.name,
        email: values.email,
        role: values.role,
        skills: values.skills ? values.skills.split(',').map((s) => s.trim()).filter(Boolean) : [],
        weeklyCapacityDays: values.capacity === undefined ? 5 : Number(values.capacity),
      });
      if (!parsed.success) throw new StartupError(`Invalid member: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, USAGE);
      const { member, key, created } = await ensureMemberWithKey(database.db, parsed.data, values.label ?? 'cli');
      console.log(`${created ? 'Created' : 'Found'} ${member.handle} (${member.role}). API key, shown once:\n${key}`);
    } else if (command === 'key' && handle) {
      if (!(await store.find(handle))) throw new StartupError(`No member "${handle}"`, 'List them with: npm run team -- list');
      const created = await store.createKey(handle, values.label ?? 'cli');
      console.log(`New key ${created.id} for ${handle}, shown once:\n${created.key}`);
    } else if (command === 'revoke' && handle && keyId) {
      const revoked = await store.revokeKey(handle, keyId);
      if (!revoked) throw new StartupError(`Member "${handle}" has no key ${keyId}`);
      console.log(`Revoked key ${revoked.id} (${revoked.prefix}…) of ${handle}`);
    } else if (command === 'list') {
      const { items } = await store.list({ includeDeactivated: true, limit: 200, offset: 0 });
      for (const m of items) console.log(`${m.handle.padEnd(24)} ${m.role.padEnd(16)} ${m.weeklyCapacityDays} d/week  ${m.skills.join(',')}${m.deactivatedAt ? '  (deactivated)' : ''}`);
    } else {
      throw new StartupError(`Unknown command: ${argv.join(' ') || '(none)'}`, USAGE);
    }
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).catch((err) => {
  reportFatal(err);
  process.exit(1);
});
