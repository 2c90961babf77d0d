import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateResponses } from './generate-responses';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** A small workspace with one service whose handlers cover each kind of answer. */
describe(generateResponses.name, () => {
  const result = generateResponses({ root: join(__dirname, 'fixtures/workspace'), workDir: mkdtempSync(join(tmpdir(), 'responses-')) });
  const op = (id: string) => result.operations[id];

  it('documents an annotated handler by its awaited type, with shared components and the interface\'s JSDoc', () => {
    expect(op('DemoController_list')).toEqual({ service: 'demo', method: 'get', status: 200, contentType: 'application/json', schema: { type: 'array', items: ref('CallView') } });
    expect(result.components.schemas['CallView']).toEqual({
      type: 'object',
      additionalProperties: false,
      description: 'A call as the demo service shows it.',
      properties: {
        year: { type: 'number' },
        openedAt: { type: 'string', format: 'date-time', description: 'When it opened.' },
        note: { type: 'string', nullable: true },
        stage: { type: 'string', enum: ['open', 'closed'] },
        quota: { type: 'number' },
      },
      required: ['year', 'openedAt', 'note', 'stage'],
    });
  });

  it('reads @HttpCode, and takes a field\'s NonNullable<T[] | null> as the array (not allOf an object)', () => {
    expect(op('DemoController_find')).toMatchObject({ method: 'post', status: 200, schema: ref('Found') });
    expect(result.components.schemas['Found']).toMatchObject({ properties: { calls: { type: 'array', items: ref('CallView') } } });
  });

  it('resolves an inferred return type through the service it calls, maps included (a map of anything open in so many words)', () => {
    expect(op('DemoController_summary')?.schema).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: { year: { type: 'number' }, counts: { type: 'object', additionalProperties: { type: 'number' } }, ok: { type: 'boolean' }, data: { type: 'object', additionalProperties: true } },
      required: ['year', 'counts', 'ok', 'data'],
    });
  });

  it('documents a Buffer inside a JSON answer as a binary string, and a text answer by its content type', () => {
    expect(op('DemoController_attachment')?.schema).toMatchObject({ properties: { content: { type: 'string', format: 'binary' } } });
    expect(op('DemoController_csv')).toMatchObject({ contentType: 'text/csv', schema: { type: 'string' } });
  });

  it('skips, with the reason, what answers no JSON body', () => {
    expect(result.skipped).toEqual({
      DemoController_ping: 'no body',
      DemoController_download: 'binary download',
      DemoController_raw: 'writes the response itself (@Res() without passthrough)',
    });
  });

  it('lists the refusal codes of the workflow updates a handler reaches through its service, shared checks and untyped refusals included', () => {
    expect(result.refusals).toEqual({
      DemoController_close: ['already-closed', 'decision-expired', 'reason-required', 'refused', 'workflow-not-running'],
      // its validator passed by name
      DemoController_reopen: ['decision-expired', 'not-closed', 'refused', 'workflow-not-running'],
    });
  });
});
