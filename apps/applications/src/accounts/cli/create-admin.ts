import { hashPassword } from '@sme/auth';
import { APPLICATIONS_ENTITIES, dataSourceOptions, UserAccountEntity, useAuditSealKey } from '@sme/persistence';
import { loadConfig } from '@sme/runtime';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { auditAccount } from '../account-records';
import { createInvited, usernameFromEmail } from '../account-admin.service';
import { refusePassword } from '../auth.service';

const USAGE = `用法 / usage: npm run admin:create -- --email <邮箱> --name <显示名称> [--username <用户名>] [--if-none]

创建第一个管理员账号（仅当尚无可用的管理员时）。默认发送设置密码的一次性链接（72 小时有效），并在此打印该链接；
设置环境变量 ADMIN_PASSWORD 则直接设置密码（须符合密码规则）。之后的管理员由管理员在系统中邀请。
Creates the first administrator (only while there is none who can sign in). By default it emails a one-time link to
set the password (valid 72 hours) and prints it here; with ADMIN_PASSWORD set, it sets that password instead (the
policy applies). Further administrators are invited by an administrator in the system.
--if-none：已有管理员时不报错、不做任何事（供容器启动时的一次性初始化）/ when an administrator exists, do nothing and
exit 0 (for a container's one-shot bootstrap).
`;

/** `npm run admin:create`: the one way the first administrator comes to exist (never a seed). */
async function main(): Promise<number> {
  const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' }, username: { type: 'string' }, 'if-none': { type: 'boolean' }, help: { type: 'boolean' } } });
  if (values.help || !values.email || !values.name) {
    process.stderr.write(USAGE);
    return values.help ? 0 : 2;
  }
  const email = values.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    process.stderr.write(`邮箱格式不正确 / not an email address: ${values.email}\n`);
    return 2;
  }
  const username = values.username ?? usernameFromEmail(email);
  if (!/^[a-z0-9][a-z0-9._-]{1,63}$/.test(username)) {
    process.stderr.write(`用户名须为 2-64 位小写字母、数字、点、横线或下划线 / invalid username: ${username}\n`);
    return 2;
  }
  const password = process.env['ADMIN_PASSWORD'];
  if (password) refusePassword(password, [username, email, values.name]);
  const config = loadConfig('applications');
  useAuditSealKey(config.auditHmacKey);
  const ds = await new DataSource(dataSourceOptions(config.databaseUrl, APPLICATIONS_ENTITIES)).initialize();
  try {
    const passwordHash = password ? await hashPassword(password) : null;
    const result = await ds.transaction(async (m) => {
      // One at a time, and only while nobody can administer: a second run is refused, not a second administrator.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('auth.last-admin'))`);
      const admins: Array<{ n: string }> = await m.query(`SELECT count(*) AS n FROM auth.user_account WHERE role = 'admin' AND NOT disabled`);
      if (Number(admins[0]!.n) > 0) return null;
      const created = await createInvited(m, {
        email,
        username,
        role: 'admin',
        displayName: values.name!,
        institution: null,
        expertId: null,
        invitedBy: null,
        actor: 'system:admin-create',
        publicUrl: config.publicUrl,
        inviterName: '系统初始化 / system set-up',
      });
      if (passwordHash) {
        await m.update(UserAccountEntity, { id: created.account.id }, { passwordHash, emailConfirmedAt: new Date() });
        await m.query(`UPDATE auth.one_time_token SET used_at = now() WHERE user_id = $1 AND used_at IS NULL`, [created.account.id]);
        await m.query(`DELETE FROM auth.account_mail WHERE to_address = $1 AND sent_at IS NULL`, [email]);
        await auditAccount(m, 'system:admin-create', 'password_set', created.account);
      }
      return created;
    });
    if (!result && values['if-none']) {
      process.stdout.write('已有可用的管理员账号，无需初始化 / an administrator exists: nothing to do\n');
      return 0;
    }
    if (!result) {
      process.stderr.write('已有可用的管理员账号：请由管理员在“账号管理”中邀请新管理员 / an administrator exists already: invite further ones from the accounts screen\n');
      return 1;
    }
    process.stdout.write(`管理员账号已创建 / administrator created: ${username} <${email}>\n`);
    process.stdout.write(
      passwordHash
        ? '已设置 ADMIN_PASSWORD 中的密码，可直接登录 / the password from ADMIN_PASSWORD is set: sign in\n'
        : `设置密码的链接已发往邮箱（72 小时内有效，仅可使用一次）/ a link to set the password was emailed (72 hours, once):\n${result.link}\n`,
    );
    return 0;
  } finally {
    await ds.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const problem = err as { text?: { zh: string; en: string } };
    process.stderr.write(problem.text ? `${problem.text.zh} / ${problem.text.en}\n` : `创建管理员失败 / creating the administrator failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
