import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { type EligibilityFacts, INSTITUTION_TYPES, type InstitutionType, MAX_COUNT, POLICY_VERSION_IDS } from '@sme/policy';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  Matches,
  Max,
  Min,
  registerDecorator,
  type ValidationArguments,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { BEYOND_SCHEMA, IsCalendarDate, IsCreditCode, KeysBeyondSchema } from '@sme/runtime';

const DECIMAL = /^\d{1,15}(\.\d{1,2})?$/;
const DECIMAL_MESSAGE = '$property must be a decimal string of yuan, e.g. "1500000" or "1500000.00" (金额须为元的十进制字符串)';
const count = { min: 0, max: MAX_COUNT };

/** The years a count of local SMEs served may be given for; any other key is refused as an unknown field. */
export const SERVED_YEARS = { first: 1949, last: 2200 } as const;
const SERVED_MESSAGE = '服务本地中小企业数须为 0 至 10000000 的整数（JSON 数字，不能是文本）/ local SMEs served in $property must be a whole number from 0 to 10000000 (a JSON number such as 100, not the text "100")';

/**
 * Local SMEs served per calendar year (第六条第（二）项), e.g. {"2024": 90, "2025": 120}. Each year is a property
 * validated on its own, so a count sent as text ({"2025": "100"}) is refused with a 400 naming
 * `performance.localSmesServed.2025`, and a key that is not a year (`last`) as an unknown field: a 422, since the
 * document can say what each count is but not which keys are years.
 */
@KeysBeyondSchema()
export class YearCountsDto {
  [year: string]: number;
}
const isCount = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= count.min && v <= count.max;
for (let y = SERVED_YEARS.first; y <= SERVED_YEARS.last; y++) {
  const key = String(y);
  ValidateIf((o: object) => Object.prototype.hasOwnProperty.call(o, key))(YearCountsDto.prototype, key);
  registerDecorator({ name: 'isServedCount', target: YearCountsDto, propertyName: key, options: { message: SERVED_MESSAGE }, validator: { validate: isCount } });
}

/** Qualified staff are a part of the staff serving SMEs (第六条第（五）项): never more than `servingSmes`. */
function NotMoreThanServingStaff(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'notMoreThanServingStaff',
      target: target.constructor,
      propertyName: String(propertyName),
      options: BEYOND_SCHEMA,
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => {
          const serving = (args?.object as { servingSmes?: unknown } | undefined)?.servingSmes;
          return typeof value !== 'number' || typeof serving !== 'number' || value <= serving;
        },
        defaultMessage: (args?: ValidationArguments) => {
          const serving = (args?.object as { servingSmes?: unknown } | undefined)?.servingSmes;
          return `大专及以上学历或中级及以上职称人员（${String(args?.value)}）不能多于从事中小企业服务的人员（${String(serving)}）（第六条第（五）项）/ qualified staff (${String(args?.value)}) cannot exceed staff.servingSmes (${String(serving)}): they are a part of it (Art. 6(5))`;
        },
      },
    });
  };
}

class InstitutionDto {
  @ApiProperty({ example: '91350200MA8DEM018T' }) @IsCreditCode() creditCode!: string;
  @ApiProperty() @IsBoolean() legalPerson!: boolean;
  @ApiProperty({ enum: INSTITUTION_TYPES }) @IsIn(INSTITUTION_TYPES) type!: InstitutionType;
  @ApiProperty({ example: '2020-03-01' }) @IsCalendarDate() establishedOn!: string;
  @ApiProperty({ example: '2000000.00' }) @Matches(DECIMAL, { message: DECIMAL_MESSAGE }) totalAssetsYuan!: string;
  @ApiProperty() @IsBoolean() financesSound!: boolean;
}

class PerformanceDto {
  @ApiProperty({
    example: { '2024': 90, '2025': 120 },
    description: `每年服务本地中小企业数：键为年份（${SERVED_YEARS.first}-${SERVED_YEARS.last}），值为整数；其他键以 422 拒绝 / local SMEs served per year: keys are years (${SERVED_YEARS.first}-${SERVED_YEARS.last}), values whole numbers; another key is refused with 422`,
    type: 'object',
    // OpenAPI 3.0 has no propertyNames: the values are documented, the keys are a rule beyond the schema.
    additionalProperties: { type: 'integer', minimum: count.min, maximum: count.max },
  })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => YearCountsDto)
  localSmesServed!: YearCountsDto;
  @ApiProperty({ example: 0.9, description: 'share of satisfied users, 0..1' }) @IsNumber() @Min(0) @Max(1) satisfaction!: number;
}

class CapabilityDto {
  @ApiProperty() @IsInt() @Min(count.min) @Max(count.max) partnerInstitutions!: number;
  @ApiProperty() @IsBoolean() fixedPremises!: boolean;
}

class ManagementDto {
  @ApiProperty({ example: 0.3, description: 'share of free or low-fee services, 0..1' }) @IsNumber() @Min(0) @Max(1) freeOrLowFeeShare!: number;
}

class StaffDto {
  @ApiProperty() @IsInt() @Min(count.min) @Max(count.max) servingSmes!: number;
  @ApiProperty({ description: 'staff with a college degree or a mid-level title (each counted once), at most servingSmes' })
  @IsInt() @Min(count.min) @Max(count.max) @NotMoreThanServingStaff() qualified!: number;
}

class InformationDto {
  @ApiProperty() @IsBoolean() onlineSystem!: boolean;
  @ApiProperty() @IsInt() @Min(count.min) @Max(count.max) offlineEnterprisesServed!: number;
  @ApiProperty() @IsInt() @Min(count.min) @Max(count.max) activities!: number;
}
/** 第七条 "具有开放性和资源共享的特征": what the applicant states, confirmed by evidence and the site visit. */
class OpennessDto {
  @ApiPropertyOptional({ description: '平台面向中小企业开放（第七条）/ open to SMEs generally (Art. 7)' }) @IsOptional() @IsBoolean() openToSmes?: boolean;
  @ApiPropertyOptional({ description: '资源共享（第七条）/ shares its resources (Art. 7)' }) @IsOptional() @IsBoolean() sharesResources?: boolean;
}

class TechnologyDto {
  @ApiProperty() @IsBoolean() expertPool!: boolean;
  @ApiProperty() @IsBoolean() projectPool!: boolean;
  @ApiProperty() @IsInt() @Min(count.min) @Max(count.max) activities!: number;
  @ApiPropertyOptional({ description: '具有组织技术服务资源的能力（第八条第（二）项）/ organises technology service resources' })
  @IsOptional() @IsBoolean() organisesResources?: boolean;
  @ApiPropertyOptional({ description: '具备大型、精密仪器设备 / has large or precision instruments' })
  @IsOptional() @IsBoolean() hasLargeInstruments?: boolean;
  @ApiPropertyOptional({ description: '向中小企业开放共享大型、精密仪器设备（第八条第（二）项，具备条件的）/ shares them with SMEs' })
  @IsOptional() @IsBoolean() sharesInstruments?: boolean;
}
class EntrepreneurshipDto {
  @ApiPropertyOptional({ description: '较强的创业辅导能力（第八条第（三）项）/ startup mentoring capacity' })
  @IsOptional() @IsBoolean() mentoring?: boolean;
  @ApiProperty() @IsBoolean() projectPool!: boolean;
  @ApiProperty() @IsBoolean() guide!: boolean;
  @ApiProperty() @IsBoolean() hotline!: boolean;
  @ApiProperty() @IsBoolean() agencyServices!: boolean;
  @ApiProperty() @IsInt() @Min(count.min) @Max(count.max) events!: number;
}
class TrainingDto {
  @ApiProperty() @IsBoolean() qualification!: boolean;
  @ApiProperty() @IsBoolean() online!: boolean;
  @ApiProperty() @IsBoolean() offline!: boolean;
  @ApiProperty() @IsBoolean() evaluationMechanism!: boolean;
  @ApiProperty() @IsInt() @Min(count.min) @Max(count.max) personTimes!: number;
}
class FinancingDto {
  @ApiProperty() @IsInt() @Min(count.min) @Max(count.max) activities!: number;
  @ApiProperty({ example: '400000000' }) @Matches(DECIMAL, { message: DECIMAL_MESSAGE }) financingRaisedYuan!: string;
  @ApiProperty() @IsBoolean() guaranteeInstitution!: boolean;
  @ApiProperty({ example: '0' }) @Matches(DECIMAL, { message: DECIMAL_MESSAGE }) newGuaranteesYuan!: string;
}

class FunctionsDto {
  @ApiPropertyOptional({ type: InformationDto }) @IsOptional() @ValidateNested() @Type(() => InformationDto) information?: InformationDto;
  @ApiPropertyOptional({ type: TechnologyDto }) @IsOptional() @ValidateNested() @Type(() => TechnologyDto) technology?: TechnologyDto;
  @ApiPropertyOptional({ type: EntrepreneurshipDto }) @IsOptional() @ValidateNested() @Type(() => EntrepreneurshipDto) entrepreneurship?: EntrepreneurshipDto;
  @ApiPropertyOptional({ type: TrainingDto }) @IsOptional() @ValidateNested() @Type(() => TrainingDto) training?: TrainingDto;
  @ApiPropertyOptional({ type: FinancingDto }) @IsOptional() @ValidateNested() @Type(() => FinancingDto) financing?: FinancingDto;
}

/** The facts of an application checked against Arts. 6-8 (self-service, no sign-in). */
export class EligibilityCheckDto implements EligibilityFacts {
  @ApiProperty({ example: '2026-04-15' }) @IsCalendarDate() applicationDate!: string;
  @ApiPropertyOptional({ example: 'xiamen-2021-114', description: 'default: the version in force on applicationDate' })
  @IsOptional() @IsIn(POLICY_VERSION_IDS, { message: '$property is not a policy version: see GET /api/policies' }) policyVersion?: string;
  @ApiProperty({ type: InstitutionDto }) @IsDefined() @ValidateNested() @Type(() => InstitutionDto) institution!: InstitutionDto;
  @ApiProperty({ type: PerformanceDto }) @IsDefined() @ValidateNested() @Type(() => PerformanceDto) performance!: PerformanceDto;
  @ApiProperty({ type: CapabilityDto }) @IsDefined() @ValidateNested() @Type(() => CapabilityDto) capability!: CapabilityDto;
  @ApiProperty({ type: ManagementDto }) @IsDefined() @ValidateNested() @Type(() => ManagementDto) management!: ManagementDto;
  @ApiProperty({ type: StaffDto }) @IsDefined() @ValidateNested() @Type(() => StaffDto) staff!: StaffDto;
  @ApiPropertyOptional({ type: OpennessDto, description: '开放性和资源共享（第七条）/ openness and resource sharing (Art. 7)' })
  @IsOptional() @ValidateNested() @Type(() => OpennessDto) openness?: OpennessDto;
  @ApiProperty({ type: FunctionsDto }) @IsDefined() @ValidateNested() @Type(() => FunctionsDto) functions!: FunctionsDto;
}
