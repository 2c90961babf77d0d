import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PlatformEntity } from '@sme/persistence';
import { shanghaiDate } from '@sme/policy';
import { DataSource, ILike } from 'typeorm';
import { likeLiteral } from '../applications/application-search';
import { publicPlatform } from '../platforms/platform.service';

/** One page of the public register as sent: the rows already in JSON, and how many the search selects. */
export interface RegisterPage {
  total: number;
  json: string;
}

/** Pages kept for the register's current version and day, at most (the oldest kept goes first). */
const PAGES_KEPT = 256;

/**
 * The public register in pages (第十八条), each page kept for as long as the register's version stands and the day
 * (a title's standing turns with the date): read thousands of times between two changes, it is read from the
 * database once per change. The version moves in the transaction of every change to the platform table, whoever
 * makes it (migration RegisterVersion), and every request reads it: replicas and other processes never serve a
 * page older than the last committed change.
 */
@Injectable()
export class RegisterService {
  private version = -1n;
  private day = '';
  private readonly pages = new Map<string, Promise<RegisterPage>>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async page(q: string | undefined, page: number, size: number): Promise<RegisterPage> {
    const today = shanghaiDate(Date.now());
    const [row] = (await this.dataSource.query('SELECT version::text AS version FROM applications.register_version')) as Array<{ version: string }>;
    const version = BigInt(row?.version ?? -1);
    if (version > this.version || today !== this.day) {
      this.pages.clear();
      this.version = version;
      this.day = today;
    }
    // Behind the kept version (another request has seen a newer one): answered, not kept.
    if (version < this.version || today !== this.day) return this.read(q, page, size, today);
    const key = JSON.stringify([q ?? '', page, size]);
    const kept = this.pages.get(key);
    if (kept) return kept;
    const reading = this.read(q, page, size, today);
    this.pages.set(key, reading);
    reading.catch(() => this.pages.delete(key));
    if (this.pages.size > PAGES_KEPT) this.pages.delete(this.pages.keys().next().value!);
    return reading;
  }

  private async read(q: string | undefined, page: number, size: number, today: string): Promise<RegisterPage> {
    const literal = q ? likeLiteral(q) : undefined;
    const [rows, total] = await this.dataSource.getRepository(PlatformEntity).findAndCount({
      where: literal ? [{ institutionName: ILike(`%${literal}%`) }, { creditCode: ILike(`${literal}%`) }] : {},
      // The credit code last: a total order, so pages neither repeat nor skip a row.
      order: { listYear: 'DESC', institutionName: 'ASC', creditCode: 'ASC' },
      skip: (page - 1) * size,
      take: size,
    });
    return { total, json: JSON.stringify(rows.map((r) => publicPlatform(r, today))) };
  }
}
