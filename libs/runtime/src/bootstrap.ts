import { type INestApplication, Logger, ValidationPipe } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import { AccessGuard, REVOCATION_LIST, type RevocationList, TokenService } from '@sme/auth';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig, type RuntimeConfig, type ServiceName } from './config';
import { useRequestObservability } from './observability';
import { RequestContextInterceptor } from './decisions';
import { documentHandlerInputs, documentProblems, documentValidation, methodNotAllowed } from './openapi';
import { documentResponses, loadResponseSchemas } from './openapi-responses';
import { flattenValidationErrors, onlyBeyondSchema, ProblemDetailsFilter, ValidationProblem } from './problem-details';

/** The largest JSON request body a service reads. */
export const JSON_BODY_LIMIT = '1mb';

export interface ServiceDescription {
  title: string;
  description: string;
}

/**
 * Applies what every service shares: the access guard (every endpoint declares @Public() or @Roles()),
 * validation, problem details, OpenAPI at /docs, shutdown hooks.
 */
export function configureApp(
  app: INestApplication,
  description: ServiceDescription,
  auth: Pick<RuntimeConfig, 'jwtSecret'> & Partial<Pick<RuntimeConfig, 'trustProxy'>>,
  revocations?: RevocationList,
): void {
  app.enableShutdownHooks();
  // JSON bodies up to 1 MiB (express's default is 100 KB): an evaluation panel names up to 10,000 platforms, about
  // 220 KB. Uploads have their own limits; anything larger is a 413 problem.
  (app as NestExpressApplication).useBodyParser('json', { limit: JSON_BODY_LIMIT });
  // The client address the request limits count by: the gateway's X-Forwarded-For, from trusted hops only.
  if (auth.trustProxy) (app.getHttpAdapter().getInstance() as { set(k: string, v: unknown): void }).set('trust proxy', auth.trustProxy);
  app.useGlobalGuards(new AccessGuard(app.get(Reflector), new TokenService(auth.jwtSecret), revocations));
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      // Each error keeps the object it was found on (onlyBeyondSchema reads its class; nothing of it is sent).
      validationError: { target: true },
      // 400 when a field breaks the document's schema; 422 when every refusal is a rule beyond it (BEYOND_SCHEMA).
      exceptionFactory: (errors) => new ValidationProblem(flattenValidationErrors(errors), onlyBeyondSchema(errors) ? 422 : 400),
    }),
  );
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalInterceptors(new RequestContextInterceptor());
  const doc = new DocumentBuilder().setTitle(description.title).setDescription(description.description).setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'POST /api/auth/sign-in on the applications service / 在申报服务登录获取' })
    .addSecurityRequirements('bearer')
    .build();
  documentHandlerInputs(app);
  // Built once, on first use, for both the docs and the 405 check (the routes do not change while the app runs).
  let built: OpenAPIObject | undefined;
  // Success answers from the build's response schemas (tools/openapi/generate-responses.ts), when there are any.
  const document = () => (built ??= documentResponses(documentProblems(documentValidation(SwaggerModule.createDocument(app, doc))), loadResponseSchemas()));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/json' });
  // A method a documented path does not take is a 405 with Allow, not a 404 (paths and methods from the document).
  app.use(methodNotAllowed(document));
}

/** Starts a Nest service on its configured port and logs where its API and docs are. */
export async function bootstrapService(
  module: unknown,
  config: RuntimeConfig,
  description: ServiceDescription,
): Promise<INestApplication> {
  const app = await NestFactory.create(module as never, { bufferLogs: false });
  useRequestObservability(app, config.service);
  // Every service provides its revocation list (libs/messaging `sessionRevocationsProvider`), so a disabled account
  // or a signed-out session is refused on its next request.
  configureApp(app, description, config, app.get<RevocationList>(REVOCATION_LIST, { strict: false }));
  await app.listen(config.port, config.host);
  const url = await app.getUrl();
  new Logger(config.service).log(`listening on ${url} (OpenAPI: ${url}/docs)`);
  return app;
}

/**
 * A service's whole main(): load and validate the config, build the module for it, start listening; on failure
 * print one bilingual line with the cause and exit non-zero.
 */
export function runService(
  service: Exclude<ServiceName, 'orchestrator'>,
  moduleFor: (config: RuntimeConfig) => unknown,
  description: ServiceDescription & { zhName: string },
): void {
  const start = async (): Promise<void> => {
    const config = loadConfig(service);
    await bootstrapService(moduleFor(config), config, description);
  };
  start().catch((err: unknown) => {
    process.stderr.write(
      `${description.zhName}启动失败 / ${service} service failed to start: ${err instanceof Error ? err.stack : String(err)}\n`,
    );
    process.exit(1);
  });
}
