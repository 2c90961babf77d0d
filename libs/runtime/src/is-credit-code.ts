import { checkCreditCode } from '@sme/policy';
import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';

/** A valid unified social credit code (GB 32100-2015 and its embedded GB 11714 code); the message says why not. */
export function IsCreditCode(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isCreditCode',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && checkCreditCode(value).valid,
        defaultMessage: (args?: ValidationArguments) =>
          typeof args?.value === 'string'
            ? `${args.property}: ${checkCreditCode(args.value).reason.en}`
            : `${args?.property ?? 'value'} must be a unified social credit code string`,
      },
    });
  };
}
