import { type PipeTransform } from '@nestjs/common';
import { isIsoDate } from '@sme/policy';
import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { ValidationProblem } from './problem-details';

/** A day of the calendar as `YYYY-MM-DD` (RFC 3339 full-date, OpenAPI `format: date`): no time, no zone, a real day. */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => isIsoDate(value),
        defaultMessage: (args?: ValidationArguments) => `${args?.property ?? 'value'} must be a date of the calendar, YYYY-MM-DD`,
      },
    });
  };
}

/** A date in a path or query parameter, as `IsCalendarDate` checks it; else a 400 naming the parameter. */
export class ParseDatePipe implements PipeTransform<string, string> {
  constructor(private readonly field = 'date') {}
  transform(value: string): string {
    if (!isIsoDate(value)) throw new ValidationProblem([{ field: this.field, reason: { zh: `${this.field} 须为有效日期 YYYY-MM-DD`, en: `${this.field} must be a date of the calendar, YYYY-MM-DD` } }]);
    return value;
  }
}
