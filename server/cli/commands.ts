/**
 * The command-line tool's commands. They run against a Db either in the CLI's own process or, when a
 * server already holds the embedded database, inside that server through its control socket.
 */
import { parseArgs } from 'node:util';
import type { Catalog } from '../catalog/catalog';
import { matchBoundaries } from '../catalog/boundaries';
import { saveOfficialBoundaries } from '../catalog/catalog.repo';
import type { Db } from '../db/db';
import { AppError } from '../errors';
import { listKeys, revokeKey } from '../keys/keys.repo';
import { createKey } from '../keys/keys.service';
import { SIMULATOR_LABELS, simulatorKeys } from '../simulate/keys';
import { randomBytes } from 'node:crypto';
import { audit } from '../audit/audit.repo';
import { listUsers } from '../auth/users.repo';
import { createUser } from '../auth/users.service';

export interface CommandContext {
  db: Db;
  catalog: Catalog;
  readFile(path: string): Promise<string>;
}

export const USAGE = `Usage: npm run cityops -- <command>

  keys create --unit <code> [--label <text>]   create a unit key (printed once)
  keys list [--unit <code>]                    list keys (never the secrets)
  keys revoke <key id>                         revoke a key at once
  boundaries import <file.geojson>             replace schematic boundaries with official ones,
                                               matching features by GSO code or by name
  users create --role <role> --username <name> [--name <display name>] [--unit <code>] [--password <p>]
                                               create an account (admin, operator, leader, reporter,
                                               viewer); without --password one is generated and printed
  users list                                   list accounts
  units                                        list the units and what they may report
`;

/** Files a command reads, so that the CLI can send their contents along to a running server. */
export function filesRead(argv: string[]): string[] {
  return argv[0] === 'boundaries' && argv[1] === 'import' && argv[2] ? [argv[2]] : [];
}

const usage = (message: string) => new AppError('bad-request', 400, `${message}\n\n${USAGE}`);

export async function runCommand(ctx: CommandContext, argv: string[]): Promise<string> {
  const [group, action, ...rest] = argv;
  switch (`${group} ${action ?? ''}`.trim()) {
    case 'keys create': {
      const { values } = parseArgs({ args: rest, options: { unit: { type: 'string' }, label: { type: 'string' } } });
      if (!values.unit) throw usage('keys create needs --unit <code>');
      const { key, row } = await createKey(ctx.db, ctx.catalog, values.unit, values.label ?? null);
      await audit(ctx.db, { actor: 'cli', action: 'key.create', target: row.id, outcome: 'ok', detail: { unit: row.unit_code } });
      return [
        `Key ${row.id} created for unit ${row.unit_code}. Store it now: it is not shown again.`,
        '',
        key,
        '',
      ].join('\n');
    }
    case 'keys list': {
      const { values } = parseArgs({ args: rest, options: { unit: { type: 'string' } } });
      const rows = await listKeys(ctx.db, values.unit);
      if (rows.length === 0) return 'No keys.\n';
      return (
        rows
          .map((r) =>
            [
              r.id.padEnd(14),
              r.unit_code.padEnd(16),
              (r.revoked_at ? 'revoked' : 'active').padEnd(8),
              new Date(r.created_at).toISOString(),
              r.label ?? '',
            ].join(' '),
          )
          .join('\n') + '\n'
      );
    }
    case 'keys revoke': {
      const id = rest[0];
      if (!id) throw usage('keys revoke needs the key id (see keys list)');
      if (!(await revokeKey(ctx.db, id))) throw new AppError('not-found', 404, `no active key with id ${id}`);
      await audit(ctx.db, { actor: 'cli', action: 'key.revoke', target: id, outcome: 'ok' });
      return `Key ${id} revoked.\n`;
    }
    case 'boundaries import': {
      const file = rest[0];
      if (!file) throw usage('boundaries import needs a GeoJSON file');
      let json: unknown;
      try {
        json = JSON.parse(await ctx.readFile(file));
      } catch (err) {
        throw new AppError('bad-request', 400, `cannot read ${file} as JSON: ${(err as Error).message}`);
      }
      const { matched, report } = matchBoundaries(json, ctx.catalog.pack.areas);
      if (matched.size === 0) {
        throw new AppError('bad-request', 400, `no feature of ${file} matches an area by GSO code or name; nothing imported`, report);
      }
      await saveOfficialBoundaries(ctx.db, matched);
      await audit(ctx.db, { actor: 'cli', action: 'boundaries.import', target: file, outcome: 'ok', detail: { areas: [...matched.keys()] } });
      const lines = report.map((r) =>
        r.problem ? `  feature ${r.feature}: ${r.problem}` : `  feature ${r.feature} → ${r.area} (by ${r.by})`,
      );
      const missing = ctx.catalog.pack.areas.filter((a) => a.kind !== 'station' && !matched.has(a.code)).map((a) => a.code);
      return [
        `Imported ${matched.size} official boundaries from ${file}.`,
        ...lines,
        missing.length ? `Areas still schematic: ${missing.join(', ')}` : 'Every area now has an official boundary.',
        '',
      ].join('\n');
    }
    case 'users create': {
      const { values } = parseArgs({
        args: rest,
        options: {
          role: { type: 'string' },
          username: { type: 'string' },
          name: { type: 'string' },
          unit: { type: 'string' },
          password: { type: 'string' },
        },
      });
      if (!values.role) throw usage('users create needs --role (admin, operator, leader, reporter or viewer)');
      const username = values.username ?? (values.role === 'admin' ? 'admin' : undefined);
      if (!username) throw usage('users create needs --username');
      const generated = values.password === undefined;
      const password = values.password ?? randomBytes(12).toString('base64url');
      const user = await createUser(ctx.db, ctx.catalog, {
        username,
        displayName: values.name ?? username,
        role: values.role,
        unit: values.unit ?? null,
        password,
      });
      await audit(ctx.db, { actor: 'cli', action: 'user.create', target: user.username, outcome: 'ok', detail: { role: user.role, unit: user.unit } });
      return [
        `User ${user.username} (${user.role}${user.unit ? `, unit ${user.unit}` : ''}) created.`,
        ...(generated ? ['Password (shown once, change it after signing in):', '', password, ''] : ['']),
      ].join('\n');
    }
    case 'users list': {
      const rows = await listUsers(ctx.db);
      if (rows.length === 0) return 'No users. Create the first admin with: npm run cityops -- users create --role admin\n';
      return rows.map((u) => [u.username.padEnd(20), u.role.padEnd(9), (u.unit_code ?? '').padEnd(14), u.disabled_at ? 'disabled' : 'active'].join(' ')).join('\n') + '\n';
    }
    case 'keys simulator': {
      // For `npm run simulate`: a fresh key for every unit, as JSON, replacing the simulator's old ones.
      return JSON.stringify(Object.fromEntries(await simulatorKeys(ctx.db, ctx.catalog, SIMULATOR_LABELS.standalone))) + '\n';
    }
    case 'units': {
      return (
        ctx.catalog.pack.units
          .map((u) => `${u.code.padEnd(16)} ${u.name.vi}\n  areas: ${u.areas.join(', ')}\n  indicators: ${u.indicators.join(', ')}`)
          .join('\n') + '\n'
      );
    }
    default:
      throw usage(argv.length ? `unknown command "${argv.join(' ')}"` : 'no command given');
  }
}
