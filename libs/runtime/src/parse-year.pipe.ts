import { type PipeTransform } from '@nestjs/common';
import { ValidationProblem } from './problem-details';

/** A year in a path: four digits, 2000 to 2200 (the range the database accepts), else a 400 naming the field. */
export class ParseYearPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const n = /^\d{4}$/.test(String(value)) ? Number(value) : Number.NaN;
    if (!(n >= 2000 && n <= 2200)) {
      throw new ValidationProblem([{ field: 'year', reason: { zh: '年度须为 2000 至 2200 之间的四位数', en: 'year is a four-digit year from 2000 to 2200' } }]);
    }
    return n;
  }
}
